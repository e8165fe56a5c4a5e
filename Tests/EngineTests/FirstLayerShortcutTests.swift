import Engine
import Numerics
import XCTest

final class FirstLayerShortcutTests: XCTestCase {
    /// Returns a surface of `layers` on 1x3x4 inputs: 40 random samples, 3 classes.
    private func makeFunction(_ layers: [LayerSpec]) throws -> SurfaceFunction {
        let architecture = Architecture(inputShape: [1, 3, 4], inputMean: 0.5, inputStd: 0.25,
                                        layers: layers)
        let network = try Network(architecture: architecture)
        var theta = network.initialParameters(seed: 2)
        var generator = SeededGenerator(seed: 9)
        for name in theta.names where theta[name]!.rank == 1 {
            let shape = theta[name]!.shape
            theta[name] = Tensor(shape: shape, data: generator.gaussians(count: shape[0]))
        }
        let pixels = (0..<(40 * 12)).map { _ in Float(generator.nextUniform()) }
        let labels = (0..<40).map { _ in Int32(generator.next() % 3) }
        let data = Dataset(images: Tensor(shape: [40, 1, 3, 4], data: pixels), labels: labels,
                           classCount: 3)
        let (delta, eta) = Directions.pair(like: theta, seed: 4, ignoreBiasAndNorm: false)
        return SurfaceFunction(network: network, center: theta, delta: delta, eta: eta,
                               samples: data)
    }

    private let mlp: [LayerSpec] = [
        .flatten, .dense(name: "fc1", inputs: 12, outputs: 6), .relu,
        .dense(name: "fc2", inputs: 6, outputs: 3),
    ]

    /// Checks the shortcut against the plain path on a 7x7 grid from -3 to 3.
    private func assertMatchesPlainPath(_ layers: [LayerSpec]) throws {
        let function = try makeFunction(layers)
        let shortcut = try XCTUnwrap(FirstLayerShortcut(function))
        for alpha in stride(from: -3.0, through: 3, by: 1) {
            for beta in stride(from: -3.0, through: 3, by: 1) {
                let point = SurfacePoint(alpha: alpha, beta: beta)
                let expected = function(point), observed = shortcut(point)
                let error = abs(observed.loss - expected.loss)
                // float32 sums of at most 12 products, rounded in another order.
                let tolerance = 1e-5 * max(1, abs(expected.loss))
                XCTAssertLessThanOrEqual(error, tolerance, "at \(point): expected "
                    + "\(expected.loss), observed \(observed.loss), error \(error)")
                XCTAssertEqual(observed.accuracy, expected.accuracy, "at \(point)")
            }
        }
    }

    func testMatchesPlainPathOnMLP() throws {
        try assertMatchesPlainPath(mlp)
    }

    func testMatchesPlainPathWithSingleDense() throws {
        try assertMatchesPlainPath([.flatten, .dense(name: "fc", inputs: 12, outputs: 3)])
    }

    func testRejectsConvFirst() throws {
        let function = try makeFunction([
            .conv2d(name: "conv", inChannels: 1, outChannels: 2, kernel: 3, stride: 1,
                    padding: 1),
            .flatten, .dense(name: "fc", inputs: 24, outputs: 3),
        ])
        XCTAssertNil(FirstLayerShortcut(function))
    }

    func testRejectsReLUBeforeDense() throws {
        let function = try makeFunction([.relu, .flatten] + mlp.dropFirst())
        XCTAssertNil(FirstLayerShortcut(function))
    }
}
