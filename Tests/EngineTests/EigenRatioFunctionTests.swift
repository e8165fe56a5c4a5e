import Engine
import Numerics
import XCTest

final class EigenRatioFunctionTests: XCTestCase {
    /// Returns a surface of an MLP 12 → 6 → ReLU → 3 on 30 random 1x3x4 samples.
    private func makeSurface() throws -> SurfaceFunction {
        let architecture = Architecture(
            inputShape: [1, 3, 4], inputMean: 0.5, inputStd: 0.25,
            layers: [.flatten, .dense(name: "fc1", inputs: 12, outputs: 6), .relu,
                     .dense(name: "fc2", inputs: 6, outputs: 3)])
        let network = try Network(architecture: architecture)
        var generator = SeededGenerator(seed: 3)
        let theta = network.initialParameters(seed: 4)
        let pixels = (0..<(30 * 12)).map { _ in Float(generator.nextUniform()) }
        let labels = (0..<30).map { _ in Int32(generator.next() % 3) }
        let data = Dataset(images: Tensor(shape: [30, 1, 3, 4], data: pixels), labels: labels,
                           classCount: 3)
        let (delta, eta) = Directions.pair(like: theta, seed: 5)
        return SurfaceFunction(network: network, center: theta, delta: delta, eta: eta,
                               samples: data)
    }

    func testPointUsesSurfaceParameters() throws {
        let surface = try makeSurface()
        var function = EigenRatioFunction(surface: surface)
        function.steps = 30
        let point = SurfacePoint(alpha: 0.3, beta: -0.2)
        let hessian = HessianVectorProduct(network: surface.network,
                                           parameters: surface.parameters(at: point),
                                           samples: surface.samples)
        let expected = Lanczos.extremeEigenvalues(dimension: hessian.dimension, steps: 30,
                                                  tolerance: function.tolerance, seed: 1,
                                                  product: hessian.product)
        let value = function(point)
        XCTAssertEqual(value.lambdaMin, Float(expected.minimum))
        XCTAssertEqual(value.lambdaMax, Float(expected.maximum))
        XCTAssertNotEqual(function(SurfacePoint(alpha: 0, beta: 0)), value)
    }

    func testSamePointSameValue() throws {
        let function = EigenRatioFunction(surface: try makeSurface())
        let point = SurfacePoint(alpha: -0.5, beta: 0.25)
        XCTAssertEqual(function(point), function(point))
    }

    func testRatioCases() {
        let cases: [(Float, Float, Float)] = [
            (-1, 4, 0.25), (2, 8, 0.25), (-3, -6, 0.5), (1, 0, .infinity),
        ]
        for (lambdaMin, lambdaMax, expected) in cases {
            let value = EigenRatioValue(lambdaMin: lambdaMin, lambdaMax: lambdaMax)
            XCTAssertEqual(value.ratio, expected, "λ_min \(lambdaMin), λ_max \(lambdaMax)")
        }
        XCTAssertTrue(EigenRatioValue(lambdaMin: 0, lambdaMax: 0).ratio.isNaN)
        XCTAssertTrue(EigenRatioValue(lambdaMin: .nan, lambdaMax: 1).ratio.isNaN)
    }
}
