import Engine
import Foundation
import Numerics
import XCTest

/// Training and surfaces of a small residual network with BatchNorm.
final class BatchNormTrainingTests: XCTestCase {
    private let architecture = Architecture(
        inputShape: [1, 6, 6], inputMean: 0.5, inputStd: 0.25,
        layers: [
            .conv2d(name: "stem", inChannels: 1, outChannels: 4, kernel: 3, stride: 1,
                    padding: 1),
            .batchNorm(name: "stem_bn", channels: 4),
            .relu,
            .residual(name: "block", body: [
                .conv2d(name: "conv1", inChannels: 4, outChannels: 4, kernel: 3, stride: 1,
                        padding: 1),
                .batchNorm(name: "bn1", channels: 4),
            ], shortcut: .identity),
            .globalAvgPool,
            .dense(name: "fc", inputs: 4, outputs: 3),
        ])

    private func data() -> Dataset {
        var generator = SeededGenerator(seed: 5)
        let pixels = (0..<(60 * 36)).map { _ in Float(generator.nextUniform()) }
        let labels = (0..<60).map { _ in Int32(generator.next() % 3) }
        return Dataset(images: Tensor(shape: [60, 1, 6, 6], data: pixels), labels: labels,
                       classCount: 3)
    }

    func testTrainingUpdatesRunningStatistics() throws {
        let network = try Network(architecture: architecture)
        let options = TrainingOptions(epochs: 2, batchSize: 20, learningRate: 0.05,
                                      momentum: 0.9, weightDecay: 0, seed: 3)
        let (_, buffers) = try Trainer(network: network, options: options).run(on: data())
        let initial = network.initialBuffers()
        XCTAssertEqual(buffers.names, initial.names)
        XCTAssertNotEqual(buffers["stem_bn.running_mean"], initial["stem_bn.running_mean"])
        XCTAssertNotEqual(buffers["block.bn1.running_var"], initial["block.bn1.running_var"])
    }

    func testSurfaceOriginUsesRunningStatistics() throws {
        let network = try Network(architecture: architecture)
        let options = TrainingOptions(epochs: 1, batchSize: 20, learningRate: 0.05,
                                      momentum: 0.9, weightDecay: 0, seed: 3)
        let samples = data()
        let (parameters, buffers) = try Trainer(network: network, options: options)
            .run(on: samples)
        let (delta, eta) = Directions.pair(like: parameters, seed: 1)
        let function = SurfaceFunction(network: network, center: parameters, delta: delta,
                                       eta: eta, samples: samples, buffers: buffers)
        let direct = evaluate(network, parameters: parameters, buffers: buffers, on: samples)
        let origin = function(SurfacePoint(alpha: 0, beta: 0))
        XCTAssertEqual(origin.loss, Float(direct.loss))
        let fresh = evaluate(network, parameters: parameters,
                             buffers: network.initialBuffers(), on: samples)
        XCTAssertNotEqual(origin.loss, Float(fresh.loss), "running statistics were ignored")
    }

    func testDirectionsSkipRunningStatistics() throws {
        let network = try Network(architecture: architecture)
        let parameters = network.initialParameters(seed: 1)
        let (delta, _) = Directions.pair(like: parameters, seed: 1)
        XCTAssertFalse(delta.names.contains { $0.contains("running") })
        XCTAssertEqual(delta["stem_bn.weight"]!.data, [0, 0, 0, 0], "BatchNorm scale stays")
    }

    func testForwardCostCountsResidualBodies() throws {
        let network = try Network(architecture: architecture)
        // stem: 4·36 outputs × 9 MACs; block conv: 4·36 outputs × 36 MACs; fc: 4·3.
        let macs: Int = 4 * 36 * 9 + 4 * 36 * 36 + 4 * 3
        let expected = 2 * Double(macs)
        XCTAssertEqual(ForwardCost.flopsPerSample(network), expected)
    }
}
