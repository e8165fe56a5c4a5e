@testable import Engine
import Numerics
import XCTest

/// Lanczos on Hessian-vector products of a small network, against the eigenvalues of its
/// dense Hessian.
final class HessianEigenvalueTests: XCTestCase {
    /// Returns an MLP 12 → 6 → ReLU → 3 (99 parameters) on 10 random 1x3x4 samples.
    private func makeHessian() throws -> HessianVectorProduct {
        let architecture = Architecture(
            inputShape: [1, 3, 4], inputMean: 0.5, inputStd: 0.25,
            layers: [.flatten, .dense(name: "fc1", inputs: 12, outputs: 6), .relu,
                     .dense(name: "fc2", inputs: 6, outputs: 3)])
        let network = try Network(architecture: architecture)
        var generator = SeededGenerator(seed: 21)
        var theta = network.initialParameters(seed: 5)
        for name in theta.names where theta[name]!.rank == 1 {
            let count = theta[name]!.count
            theta[name] = Tensor(shape: [count], data: generator.gaussians(count: count))
        }
        let pixels = (0..<(10 * 12)).map { _ in Float(generator.nextUniform()) }
        let labels = (0..<10).map { _ in Int32(generator.next() % 3) }
        let data = Dataset(images: Tensor(shape: [10, 1, 3, 4], data: pixels), labels: labels,
                           classCount: 3)
        return HessianVectorProduct(network: network, parameters: theta, samples: data)
    }

    /// Builds the Hessian column by column from central differences of the gradient along
    /// each coordinate, with an absolute step of 1e-3, then symmetrizes it.
    private func denseHessian(_ hessian: HessianVectorProduct) -> [[Double]] {
        let theta = hessian.parameters.flattened()
        let step: Float = 1e-3
        func gradient(_ values: [Float]) -> [Float] {
            hessian.network.lossAndGradients(
                images: hessian.samples.images, labels: hessian.samples.labels,
                parameters: hessian.parameters.unflattened(values)).gradients.flattened()
        }
        var columns: [[Double]] = []
        for index in theta.indices {
            var plus = theta, minus = theta
            plus[index] += step
            minus[index] -= step
            let high = gradient(plus), low = gradient(minus)
            let width = Double(plus[index]) - Double(minus[index])
            columns.append(zip(high, low).map { (Double($0) - Double($1)) / width })
        }
        return theta.indices.map { row in
            theta.indices.map { column in (columns[row][column] + columns[column][row]) / 2 }
        }
    }

    func testLanczosMatchesDenseHessian() throws {
        let hessian = try makeHessian()
        let dense = SymmetricEigen(denseHessian(hessian)).values
        let expected = (minimum: dense.first!, maximum: dense.last!)
        XCTAssertLessThan(expected.minimum, 0, "the test needs an indefinite Hessian")
        let result = Lanczos.extremeEigenvalues(dimension: hessian.dimension, steps: 40,
                                                tolerance: 1e-6, seed: 1,
                                                product: hessian.product)
        let scale = max(abs(expected.minimum), abs(expected.maximum))
        for (label, observed, value) in [("λ_min", result.minimum, expected.minimum),
                                         ("λ_max", result.maximum, expected.maximum)] {
            let error = abs(observed - value) / scale
            // Both sides are float32 differences of gradients, each good to about 1e-4.
            XCTAssertLessThan(error, 1e-3, "\(label): expected \(value), observed "
                              + "\(observed), error \(error) of max |λ|")
        }
    }
}
