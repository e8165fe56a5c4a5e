import Engine
import Formats
import Foundation
import Numerics
import XCTest

/// The line between two models: its ends, BatchNorm statistics and mismatched pairs.
final class ModelInterpolationTests: XCTestCase {
    private func sampleModel(_ name: String) throws -> LoadedModel {
        try LoadedModel(path: EngineTestData.root + "/sample-models/" + name + ".safetensors")
    }

    /// Checks that the curve at `t` equals `model`'s own loss and accuracy, bit for bit.
    private func assertEnd(_ curve: InterpolationFunction, at t: Double, equals model: Model,
                           file: StaticString = #filePath, line: UInt = #line) {
        let expected = evaluate(curve.interpolation.network, parameters: model.parameters,
                                buffers: model.buffers, on: curve.samples)
        let observed = curve.value(at: t)
        XCTAssertEqual(observed.loss, expected.loss, "loss at t = \(t)", file: file, line: line)
        XCTAssertEqual(observed.accuracy, expected.accuracy, "accuracy at t = \(t)",
                       file: file, line: line)
        XCTAssertTrue(observed.isValid, file: file, line: line)
    }

    func testCheckpointEndsMatchEachModel() throws {
        let first = try LoadedModel(path: EngineTestData.root
            + "/sample-models/cnn-b128-wd0-checkpoints/epoch-001.safetensors")
        let second = try sampleModel("cnn-b128-wd0")
        let samples = try EngineTestData.split("fashion-mnist:test", count: 200)
        let interpolation = try ModelInterpolation(from: first, to: second)
        let curve = InterpolationFunction(interpolation: interpolation, samples: samples)

        assertEnd(curve, at: 0, equals: first.model)
        assertEnd(curve, at: 1, equals: second.model)
        let middle = curve.value(at: 0.5)
        XCTAssertNotEqual(middle.loss, curve.value(at: 0).loss)
        XCTAssertNotEqual(middle.loss, curve.value(at: 1).loss)
    }

    func testMixIsLinearInEveryTensor() throws {
        let interpolation = try ModelInterpolation(from: try sampleModel("cnn-b128-wd0"),
                                                   to: try sampleModel("cnn-b4096-wd0"))
        let point = interpolation.point(at: 1.5)
        for name in interpolation.start.parameters.names {
            let a = interpolation.start.parameters[name]!.data[0]
            let b = interpolation.end.parameters[name]!.data[0]
            let expected = Float(-0.5 * Double(a) + 1.5 * Double(b))
            XCTAssertEqual(point.parameters[name]!.data[0], expected, name)
        }
    }

    /// Trains a small conv net with BatchNorm for one epoch on `samples`.
    private func trainBatchNormModel(seed: UInt64, on samples: Dataset) throws -> Model {
        let architecture = Architecture(
            inputShape: [1, 28, 28], inputMean: 0.286, inputStd: 0.353,
            layers: [
                .conv2d(name: "conv", inChannels: 1, outChannels: 4, kernel: 3, stride: 2,
                        padding: 1),
                .batchNorm(name: "bn", channels: 4),
                .relu,
                .maxPool(kernel: 2, stride: 2),
                .flatten,
                .dense(name: "fc", inputs: 4 * 7 * 7, outputs: 10),
            ])
        let network = try Network(architecture: architecture)
        let options = TrainingOptions(epochs: 1, batchSize: 50, learningRate: 0.05,
                                      momentum: 0.9, weightDecay: 0, seed: seed)
        let (parameters, buffers) = try Trainer(network: network, options: options)
            .run(on: samples)
        return Model(architecture: architecture, parameters: parameters, buffers: buffers)
    }

    /// The curve between two BatchNorm models, trained once for the whole suite.
    private static var cachedBatchNormCurve: InterpolationFunction?

    private func batchNormCurve() throws -> InterpolationFunction {
        if let curve = Self.cachedBatchNormCurve { return curve }
        let training = try EngineTestData.split("fashion-mnist:train", count: 300)
        let first = try trainBatchNormModel(seed: 1, on: training)
        let second = try trainBatchNormModel(seed: 2, on: training)
        let network = try Network(architecture: first.architecture)
        let interpolation = try ModelInterpolation(network: network, from: first, to: second)
        let samples = try EngineTestData.split("fashion-mnist:test", count: 200)
        let curve = InterpolationFunction(interpolation: interpolation, samples: samples)
        Self.cachedBatchNormCurve = curve
        return curve
    }

    func testBatchNormEndsMatchEachModel() throws {
        let curve = try batchNormCurve()
        let interpolation = curve.interpolation
        XCTAssertNotEqual(interpolation.start.buffers, interpolation.end.buffers)
        assertEnd(curve, at: 0, equals: interpolation.start)
        assertEnd(curve, at: 1, equals: interpolation.end)

        // Model B with model A's statistics, as when only the weights move: another loss.
        let mixed = evaluate(interpolation.network, parameters: interpolation.end.parameters,
                             buffers: interpolation.start.buffers, on: curve.samples)
        XCTAssertNotEqual(mixed.loss, curve.value(at: 1).loss)
    }

    func testNegativeVarianceMarksPointInvalid() throws {
        let curve = try batchNormCurve()
        let start = curve.interpolation.start.buffers["bn.running_var"]!.data
        let end = curve.interpolation.end.buffers["bn.running_var"]!.data

        // Channel c's variance (1 − t)·a + t·b reaches zero at t = a / (a − b), beyond 1
        // when b < a and below 0 when b > a. The nearest such t over all channels is where
        // the line first leaves the valid networks.
        let zeros = zip(start, end).map { a, b in Double(a) / (Double(a) - Double(b)) }
        let limits = [zeros.filter { $0 > 1 }.min(), zeros.filter { $0 < 0 }.max()]
            .compactMap { $0 }
        XCTAssertFalse(limits.isEmpty, "no channel's variance changes between the models")
        for limit in limits {
            let outside = curve.value(at: limit * 1.01)
            XCTAssertFalse(outside.isValid, "t = \(limit * 1.01)")
            XCTAssertGreaterThanOrEqual(outside.negativeVariances, 1, "t = \(limit * 1.01)")
            XCTAssertTrue(outside.loss.isNaN, "t = \(limit * 1.01)")
            XCTAssertTrue(outside.accuracy.isNaN, "t = \(limit * 1.01)")
            let inside = curve.value(at: limit * 0.99)
            XCTAssertTrue(inside.isValid, "t = \(limit * 0.99)")
            XCTAssertTrue(inside.loss.isFinite, "t = \(limit * 0.99)")
        }
    }

    func testSkipTwinIsRejectedAtFirstTensor() throws {
        let skip = try sampleModel("resnet-narrow")
        let noSkip = try sampleModel("resnet-narrow-noskip")
        XCTAssertThrowsError(try ModelInterpolation(from: skip, to: noSkip)) { error in
            XCTAssertEqual("\(error)", "\(skip.path) and \(noSkip.path) do not share one "
                + "architecture: tensor 36 is layer2.0.shortcut.weight [16, 8, 1, 1] in the "
                + "first model but layer2.1.conv1.weight [16, 16, 3, 3] in the second")
        }
    }

    func testLayerWithoutTensorsIsCompared() throws {
        let layers: (Int) -> [LayerSpec] = { pool in
            [.conv2d(name: "conv", inChannels: 1, outChannels: 2, kernel: 3, stride: 1,
                     padding: 1),
             .relu, .maxPool(kernel: pool, stride: pool), .flatten,
             .dense(name: "fc", inputs: 2 * 4 * 4, outputs: 3)]
        }
        let first = Architecture(inputShape: [1, 8, 8], inputMean: 0, inputStd: 1,
                                 layers: layers(2))
        var second = first
        second.layers[2] = .avgPool(kernel: 2, stride: 2)
        let mismatch = try XCTUnwrap(ArchitectureMismatch.check(first, at: "a",
                                                                against: second, at: "b"))
        XCTAssertEqual(mismatch.difference, "layer 2 is maxPool(kernel: 2, stride: 2) in the "
            + "first model but avgPool(kernel: 2, stride: 2) in the second")
        XCTAssertNil(ArchitectureMismatch.check(first, at: "a", against: first, at: "b"))

        var scaled = first
        scaled.inputStd = 0.5
        let input = try XCTUnwrap(ArchitectureMismatch.check(first, at: "a",
                                                             against: scaled, at: "b"))
        XCTAssertEqual(input.difference, "the input normalization is (x - 0.0) / 1.0 in the "
            + "first model but (x - 0.0) / 0.5 in the second")
    }
}
