import Engine
import Foundation
import Numerics
import XCTest

final class HessianVectorProductTests: XCTestCase {
    /// Softmax regression on 1x3x4 inputs (flatten, dense 12 → 3) with 40 random samples and
    /// random weights, so its Hessian has a closed form.
    private func makeRegression() throws -> HessianVectorProduct {
        let architecture = Architecture(inputShape: [1, 3, 4], inputMean: 0.5, inputStd: 0.25,
                                        layers: [.flatten, .dense(name: "fc", inputs: 12,
                                                                  outputs: 3)])
        let network = try Network(architecture: architecture)
        var generator = SeededGenerator(seed: 4)
        let theta = Parameters([
            ("fc.weight", Tensor(shape: [3, 12], data: generator.gaussians(count: 36))),
            ("fc.bias", Tensor(shape: [3], data: generator.gaussians(count: 3))),
        ])
        let pixels = (0..<(40 * 12)).map { _ in Float(generator.nextUniform()) }
        let labels = (0..<40).map { _ in Int32(generator.next() % 3) }
        let data = Dataset(images: Tensor(shape: [40, 1, 3, 4], data: pixels), labels: labels,
                           classCount: 3)
        return HessianVectorProduct(network: network, parameters: theta, samples: data)
    }

    /// Returns H·v of the mean cross-entropy of softmax regression in Double:
    /// for logits z = W·x + b and p = softmax(z), the logit change u = V_W·x + V_b gives
    /// s = diag(p)·u − p·(p·u), and H·v = mean over samples of (s·xᵀ, s).
    private func closedFormProduct(_ hessian: HessianVectorProduct,
                                   _ vector: Parameters) -> [Double] {
        let weight = hessian.parameters["fc.weight"]!.data.map(Double.init)
        let bias = hessian.parameters["fc.bias"]!.data.map(Double.init)
        let vWeight = vector["fc.weight"]!.data.map(Double.init)
        let vBias = vector["fc.bias"]!.data.map(Double.init)
        var product = [Double](repeating: 0, count: 39)
        let count = hessian.samples.count
        for n in 0..<count {
            let x: [Double] = (0..<12).map { index in
                Double((hessian.samples.images.data[n * 12 + index] - 0.5) / 0.25)
            }
            let z = affine(weight, bias, x)
            let top = z.max()!
            let exponentials: [Double] = z.map { Foundation.exp($0 - top) }
            let total = exponentials.reduce(0, +)
            let p: [Double] = exponentials.map { $0 / total }
            let u = affine(vWeight, vBias, x)
            var pu = 0.0
            for c in 0..<3 { pu += p[c] * u[c] }
            for c in 0..<3 {
                let s = p[c] * u[c] - p[c] * pu
                for i in 0..<12 { product[c * 12 + i] += s * x[i] / Double(count) }
                product[36 + c] += s / Double(count)
            }
        }
        return product
    }

    /// Returns `weight·x + bias` for a 3x12 row-major weight.
    private func affine(_ weight: [Double], _ bias: [Double], _ x: [Double]) -> [Double] {
        var result = bias
        for c in 0..<3 {
            for i in 0..<12 { result[c] += weight[c * 12 + i] * x[i] }
        }
        return result
    }

    private func relativeError(_ observed: [Float], _ expected: [Double]) -> Double {
        let difference = zip(observed, expected).reduce(0) {
            $0 + (Double($1.0) - $1.1) * (Double($1.0) - $1.1)
        }
        let size = expected.reduce(0) { $0 + $1 * $1 }
        return (difference / size).squareRoot()
    }

    func testMatchesSoftmaxRegressionClosedForm() throws {
        let hessian = try makeRegression()
        for seed: UInt64 in [1, 2, 3] {
            var generator = SeededGenerator(seed: seed)
            let vector = hessian.parameters.unflattened(generator.gaussians(count: 39))
            let observed = hessian(vector).flattened()
            let expected = closedFormProduct(hessian, vector)
            let error = relativeError(observed, expected)
            // The product is exact up to float32 rounding of 39-term sums.
            XCTAssertLessThan(error, 1e-5, "vector seed \(seed): relative error \(error)")
        }
    }

    func testProductIsLinearInScale() throws {
        let hessian = try makeRegression()
        var generator = SeededGenerator(seed: 7)
        let vector = generator.gaussians(count: 39)
        let single = hessian.product(vector)
        let tripled = hessian.product(vector.map { $0 * 3 })
        let error = relativeError(tripled, single.map { 3 * Double($0) })
        XCTAssertLessThan(error, 1e-5, "relative error \(error)")
    }

    func testZeroVectorGivesZero() throws {
        let hessian = try makeRegression()
        let product = hessian.product([Float](repeating: 0, count: 39))
        XCTAssertEqual(product, [Float](repeating: 0, count: 39))
    }

    func testBatchSplitsGiveSameProduct() throws {
        let loaded = try SampleFiles.model("cnn-b128-wd0")
        let samples = try SampleFiles.testSamples(70)
        var hessian = HessianVectorProduct(network: loaded.network,
                                           parameters: loaded.model.parameters,
                                           buffers: loaded.model.buffers, samples: samples)
        var generator = SeededGenerator(seed: 11)
        let vector = generator.gaussians(count: hessian.dimension)
        var products: [Int: [Float]] = [:]
        // 70, 24 and 10 samples per batch make 1, 3 and 7 batches.
        for (batches, size) in [(1, 70), (3, 24), (7, 10)] {
            hessian.batchSize = size
            products[batches] = hessian.product(vector)
        }
        let reference = products[1]!.map(Double.init)
        for batches in [3, 7] {
            let error = relativeError(products[batches]!, reference)
            // Only the order of float32 sums changes.
            XCTAssertLessThan(error, 1e-5, "\(batches) batches: relative error \(error)")
        }
    }

    func testBatchSplitsWithBatchNorm() throws {
        let loaded = try SampleFiles.model("resnet-narrow")
        let samples = try SampleFiles.testSamples(14)
        var hessian = HessianVectorProduct(network: loaded.network,
                                           parameters: loaded.model.parameters,
                                           buffers: loaded.model.buffers, samples: samples)
        var generator = SeededGenerator(seed: 12)
        let vector = generator.gaussians(count: hessian.dimension)
        hessian.batchSize = 14
        let whole = hessian.product(vector).map(Double.init)
        hessian.batchSize = 2
        let split = hessian.product(vector)
        let error = relativeError(split, whole)
        XCTAssertLessThan(error, 1e-5, "7 batches against 1: relative error \(error)")
    }
}
