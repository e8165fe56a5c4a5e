import Engine
import Numerics
import XCTest

final class FirstLayerShortcutTests: XCTestCase {
    /// Returns a surface of `layers` on 1x3x4 inputs: 40 random samples, 3 classes.
    private func makeFunction(_ layers: [LayerSpec],
                              ignoreBiasAndNorm: Bool = false) throws -> SurfaceFunction {
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
        let (delta, eta) = Directions.pair(like: theta, seed: 4,
                                          ignoreBiasAndNorm: ignoreBiasAndNorm)
        return SurfaceFunction(network: network, center: theta, delta: delta, eta: eta,
                               samples: data)
    }

    private let mlp: [LayerSpec] = [
        .flatten, .dense(name: "fc1", inputs: 12, outputs: 6), .relu,
        .dense(name: "fc2", inputs: 6, outputs: 3),
    ]

    /// Checks the shortcut against the plain path on a 7x7 grid from -3 to 3, with biases
    /// moving and with biases still.
    private func assertMatchesPlainPath(_ layers: [LayerSpec]) throws {
        for ignoreBiasAndNorm in [false, true] {
            let function = try makeFunction(layers, ignoreBiasAndNorm: ignoreBiasAndNorm)
            try assertMatchesPlainPath(function, coordinates: Array(stride(from: -3, through: 3,
                                                                           by: 1)),
                                       tolerance: 1e-5)
        }
    }

    /// Checks the shortcut against the plain path at every (α, β) of `coordinates`.
    private func assertMatchesPlainPath(_ function: SurfaceFunction, coordinates: [Double],
                                        tolerance: Float) throws {
        let shortcut = try XCTUnwrap(FirstLayerShortcut(function))
        for alpha in coordinates {
            for beta in coordinates {
                let point = SurfacePoint(alpha: alpha, beta: beta)
                let expected = function(point), observed = shortcut(point)
                let error = abs(observed.loss - expected.loss)
                // float32 sums rounded in another order.
                let bound = tolerance * max(1, abs(expected.loss))
                XCTAssertLessThanOrEqual(error, bound, "at \(point): expected "
                    + "\(expected.loss), observed \(observed.loss), error \(error)")
                XCTAssertEqual(observed.accuracy, expected.accuracy, "at \(point)")
            }
        }
    }

    private let conv: [LayerSpec] = [
        .conv2d(name: "conv", inChannels: 1, outChannels: 2, kernel: 3, stride: 1, padding: 1),
        .relu, .flatten, .dense(name: "fc", inputs: 24, outputs: 3),
    ]

    func testMatchesPlainPathOnMLP() throws {
        try assertMatchesPlainPath(mlp)
    }

    func testMatchesPlainPathWithSingleDense() throws {
        try assertMatchesPlainPath([.flatten, .dense(name: "fc", inputs: 12, outputs: 3)])
    }

    func testMatchesPlainPathOnConv() throws {
        try assertMatchesPlainPath(conv)
    }

    func testMatchesPlainPathOnStridedConv() throws {
        try assertMatchesPlainPath([
            .conv2d(name: "conv", inChannels: 1, outChannels: 3, kernel: 2, stride: 2,
                    padding: 1),
            .relu, .flatten, .dense(name: "fc", inputs: 18, outputs: 3),
        ])
    }

    func testMatchesPlainPathWithReLUBeforeDense() throws {
        try assertMatchesPlainPath([.relu, .flatten] + mlp.dropFirst())
    }

    func testMatchesPlainPathOnSampleModels() throws {
        let samples = try SampleFixtures.testImages(40)
        for name in ["cnn-b128-wd0", "resnet-narrow"] {
            let loaded = try SampleFixtures.model(name)
            let (delta, eta) = Directions.pair(like: loaded.model.parameters, seed: 1)
            let function = SurfaceFunction(network: loaded.network,
                                           center: loaded.model.parameters, delta: delta,
                                           eta: eta, samples: samples,
                                           buffers: loaded.model.buffers)
            try assertMatchesPlainPath(function, coordinates: [-1.5, 0, 0.5], tolerance: 1e-4)
        }
    }

    func testRejectsBatchNormFirst() throws {
        let function = try makeFunction([.batchNorm(name: "bn", channels: 1)] + conv)
        XCTAssertNil(FirstLayerShortcut(function))
    }

    func testRejectsProductsAboveCap() throws {
        let function = try makeFunction(conv)
        // 40 samples of 2x3x4 outputs, three products: 11,520 bytes.
        XCTAssertNil(FirstLayerShortcut(function, maxProductBytes: 11_519))
        XCTAssertNotNil(FirstLayerShortcut(function, maxProductBytes: 11_520))
    }
}
