import XCTest
@testable import Numerics

/// BatchNorm forward against Double loops to 1e-5 relative, in both modes, and backward
/// against central differences with step 1e-2 and tolerance 2e-3, including the gradient
/// through the batch statistics in training mode.
final class BatchNormLayerTests: XCTestCase {
    let shape = NaiveReference.PlaneShape(batch: 3, channels: 2, height: 3, width: 2)

    var layer: BatchNormLayer {
        BatchNormLayer(channels: shape.channels, height: shape.height, width: shape.width)
    }

    /// Scale, shift, running mean and running variance, none of them trivial.
    let tensors: [[Float]] = [[1.5, -0.5], [0.25, -1], [0.1, -0.3], [0.8, 2.5]]

    var input: [Float] {
        randomFloats(shape.batch * shape.channels * shape.planeSize, seed: 41, in: -2...3)
    }

    func testTrainingForwardUsesBatchStatistics() {
        let x = input.map(Double.init)
        let (mean, variance) = NaiveReference.channelStatistics(x, shape: shape)
        let expected = NaiveReference.batchNorm(x, shape: shape, gamma: tensors[0],
                                                beta: tensors[1], mean: mean, variance: variance)
        let record = layer.record(input, batch: shape.batch, parameters: tensors,
                                  mode: .training)
        assertClose(record.output, expected, relative: 1e-5, absolute: 1e-6, "output")

        let count = Double(shape.batch * shape.planeSize)
        assertClose(record.batchStatistics[0], mean, relative: 1e-6, absolute: 1e-7,
                    "batch mean")
        assertClose(record.batchStatistics[1], variance.map { $0 * count / (count - 1) },
                    relative: 1e-6, absolute: 1e-7, "unbiased batch variance")
    }

    func testEvaluationForwardUsesRunningStatistics() {
        let x = input.map(Double.init)
        let expected = NaiveReference.batchNorm(
            x, shape: shape, gamma: tensors[0], beta: tensors[1],
            mean: tensors[2].map(Double.init), variance: tensors[3].map(Double.init))
        let observed = layer.forward(input, batch: shape.batch, parameters: tensors)
        assertClose(observed, expected, relative: 1e-5, absolute: 1e-6, "output")

        let record = layer.record(input, batch: shape.batch, parameters: tensors,
                                  mode: .evaluation)
        XCTAssertEqual(record.output, observed)
        XCTAssertTrue(record.batchStatistics.isEmpty)
    }

    func testTrainingBackwardMatchesDifferences() {
        checkGradients(of: layer, input: input, batch: shape.batch, parameters: tensors,
                       mode: .training, step: 1e-2, tolerance: 2e-3)
    }

    func testEvaluationBackwardMatchesDifferences() {
        checkGradients(of: layer, input: input, batch: shape.batch, parameters: tensors,
                       mode: .evaluation, step: 1e-2, tolerance: 2e-3)
    }

    func testTrainingNaNSpreadsOverItsChannel() {
        var x = input
        x[0] = .nan
        let output = layer.record(x, batch: shape.batch, parameters: tensors, mode: .training)
            .output
        for n in 0..<shape.batch {
            let first = shape.index(n, 0, 0, 0)
            let second = shape.index(n, 1, 0, 0)
            XCTAssertTrue(output[first].isNaN, "channel 0 of sample \(n)")
            XCTAssertFalse(output[second].isNaN, "channel 1 of sample \(n)")
        }
    }

    func testEvaluationNaNStaysInPlace() {
        var x = input
        x[0] = .nan
        let output = layer.forward(x, batch: shape.batch, parameters: tensors)
        XCTAssertTrue(output[0].isNaN)
        XCTAssertEqual(output.filter(\.isNaN).count, 1)
    }

    func testSingleValueKeepsBiasedVariance() {
        let single = BatchNormLayer(channels: 1, height: 1, width: 1)
        let record = single.record([2], batch: 1, parameters: [[1], [0], [0], [1]],
                                   mode: .training)
        XCTAssertEqual(record.output, [0])
        XCTAssertEqual(record.batchStatistics[1], [0])
    }
}
