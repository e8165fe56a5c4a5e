import Engine
import Foundation
import Numerics
import XCTest

/// The background curves of an interpolation: the same values as `InterpolationFunction`,
/// and the points with a negative running variance recorded.
///
/// Both "splits" are prefixes of the test split of different lengths, so the two sources
/// differ and the 60,000 training images need not be loaded.
final class InterpolationCurvesTests: XCTestCase {
    /// Two untrained conv–BatchNorm networks whose running variances are set so that
    /// channel 1 goes negative below t = -0.5 (1 + 2t) and channel 3 above t = 2 (1 − t/2).
    private func interpolation() throws -> ModelInterpolation {
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
        var endBuffers = network.initialBuffers()
        endBuffers["bn.running_var"] = Tensor(shape: [4], data: [1, 3, 1, 0.5])
        let start = Model(architecture: architecture,
                          parameters: network.initialParameters(seed: 1),
                          buffers: network.initialBuffers())
        let end = Model(architecture: architecture,
                        parameters: network.initialParameters(seed: 2), buffers: endBuffers)
        return try ModelInterpolation(network: network, from: start, to: end)
    }

    private func waitUntilDone(_ curves: InterpolationCurves, seconds: Double = 60) {
        let deadline = Date().addingTimeInterval(seconds)
        while curves.train.pendingCount + curves.test.pendingCount > 0, Date() < deadline {
            usleep(2_000)
        }
    }

    func testValuesMatchFunctionOnEachSplit() throws {
        let interpolation = try interpolation()
        let train = try EngineTestData.split("fashion-mnist:test", count: 60)
        let test = try EngineTestData.split("fashion-mnist:test", count: 40)
        let curves = InterpolationCurves(interpolation: interpolation, train: train,
                                         test: test)
        defer { curves.stop() }
        let ts = [-1, -0.25, 0, 0.5, 1, 2.5]
        curves.train.request(ts.map(InterpolationCurves.point(at:)))
        curves.test.request(ts.map(InterpolationCurves.point(at:)))
        waitUntilDone(curves)

        for (samples, source) in [(train, curves.train), (test, curves.test)] {
            let function = InterpolationFunction(interpolation: interpolation, samples: samples)
            for t in ts {
                let expected = function.value(at: t)
                let observed = try XCTUnwrap(source.value(at: InterpolationCurves.point(at: t)),
                                             "t = \(t) still pending")
                if expected.isValid {
                    XCTAssertEqual(observed.loss, Float(expected.loss), "loss at t = \(t)")
                    XCTAssertEqual(observed.accuracy, Float(expected.accuracy), "t = \(t)")
                } else {
                    XCTAssertTrue(observed.loss.isNaN, "loss at t = \(t)")
                    XCTAssertTrue(observed.accuracy.isNaN, "accuracy at t = \(t)")
                }
            }
        }
    }

    func testNegativeVariancePointsAreRecorded() throws {
        let train = try EngineTestData.split("fashion-mnist:test", count: 30)
        let test = try EngineTestData.split("fashion-mnist:test", count: 20)
        let curves = InterpolationCurves(interpolation: try interpolation(), train: train,
                                         test: test)
        defer { curves.stop() }
        let ts = [-1, -0.5, 0, 1, 2, 3]
        curves.train.request(ts.map(InterpolationCurves.point(at:)))
        curves.test.request(ts.map(InterpolationCurves.point(at:)))
        waitUntilDone(curves)

        XCTAssertEqual(curves.negativeVariances(at: -1), 1)
        XCTAssertEqual(curves.negativeVariances(at: 3), 1)
        for t in [-0.5, 0, 1, 2] {
            XCTAssertNil(curves.negativeVariances(at: t), "a variance of zero is valid: t = \(t)")
        }
        XCTAssertNil(curves.negativeVariances(at: 5), "never requested")
    }
}
