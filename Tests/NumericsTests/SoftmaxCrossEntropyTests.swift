import Foundation
import XCTest
@testable import Numerics

/// Cross-entropy against hand-computed values (1e-12 relative: the loss is evaluated in
/// Double from exact Float logits), at huge and non-finite logits, and its gradient against
/// central differences of the mean loss (step 1e-3, tolerance 1e-6).
final class SoftmaxCrossEntropyTests: XCTestCase {
    func testHandComputedCase() {
        let result = SoftmaxCrossEntropy.lossAndGradient(logits: [1, 2, 3], labels: [2],
                                                         classes: 3)
        let expected = log(exp(1.0) + exp(2.0) + exp(3.0)) - 3
        assertClose([result.loss], [expected], relative: 1e-12, absolute: 0, "loss")
        // The rounded value to 8 digits, within half a unit of its last digit.
        assertClose([result.loss], [0.40760596], relative: 0, absolute: 5e-9, "loss")
        XCTAssertEqual(result.correct, 1)
    }

    func testGradientIsSoftmaxMinusOneHot() {
        let result = SoftmaxCrossEntropy.lossAndGradient(logits: [1, 2, 3], labels: [0],
                                                         classes: 3)
        let total = exp(1.0) + exp(2.0) + exp(3.0)
        let expected = [exp(1.0) / total - 1, exp(2.0) / total, exp(3.0) / total]
        assertClose(result.gradient, expected, relative: 1e-6, absolute: 1e-7, "gradient")
        XCTAssertEqual(result.correct, 0)
    }

    func testSumMatchesMeanTimesCount() {
        let logits = randomFloats(4 * 5, seed: 61, in: -3...3)
        let labels: [Int32] = [0, 4, 2, 2]
        let mean = SoftmaxCrossEntropy.lossAndGradient(logits: logits, labels: labels,
                                                       classes: 5)
        let sum = SoftmaxCrossEntropy.lossSum(logits: logits, labels: labels, classes: 5)
        let expected = (0..<4).map { row in
            NaiveReference.crossEntropy(logits[(row * 5)..<(row * 5 + 5)].map(Double.init),
                                        label: Int(labels[row]))
        }.reduce(0, +)
        assertClose([sum.lossSum, mean.loss * 4], [expected, expected], relative: 1e-12,
                    absolute: 0, "loss sum")
        XCTAssertEqual(sum.correct, mean.correct)
    }

    func testGradientMatchesDifferences() {
        let logits = randomFloats(3 * 4, seed: 62, in: -2...2)
        let labels: [Int32] = [1, 3, 0]
        let analytic = SoftmaxCrossEntropy.lossAndGradient(logits: logits, labels: labels,
                                                           classes: 4)
        let differences = centralDifferences(at: logits, step: 1e-3) { shifted in
            SoftmaxCrossEntropy.lossAndGradient(logits: shifted, labels: labels,
                                                classes: 4).loss
        }
        assertClose(analytic.gradient, differences, relative: 1e-6, absolute: 1e-6,
                    "logit gradient")
    }

    func testHugeLogitsStayFinite() {
        let result = SoftmaxCrossEntropy.lossAndGradient(logits: [1e4, 1e4 - 1, -1e4],
                                                         labels: [1], classes: 3)
        let expected = log(1 + exp(-1.0)) + 1
        assertClose([result.loss], [expected], relative: 1e-12, absolute: 0, "loss")
        XCTAssertTrue(result.gradient.allSatisfy(\.isFinite), "gradient \(result.gradient)")
    }

    func testNaNLogitGivesNaNLoss() {
        let result = SoftmaxCrossEntropy.lossAndGradient(logits: [0, .nan, 1, 2, 3, 4],
                                                         labels: [1, 2], classes: 3)
        XCTAssertTrue(result.loss.isNaN, "expected NaN, observed \(result.loss)")
        XCTAssertEqual(result.correct, 1, "the row with NaN is never correct, the other is")
        XCTAssertTrue(result.gradient[0..<3].allSatisfy(\.isNaN), "\(result.gradient)")
        XCTAssertTrue(result.gradient[3..<6].allSatisfy(\.isFinite), "\(result.gradient)")
        let sum = SoftmaxCrossEntropy.lossSum(logits: [.nan, 0, 0], labels: [0], classes: 3)
        XCTAssertTrue(sum.lossSum.isNaN, "expected NaN, observed \(sum.lossSum)")
    }

    func testInfiniteLogitsGiveNonFiniteLoss() {
        let positive = SoftmaxCrossEntropy.lossSum(logits: [.infinity, 0], labels: [1],
                                                   classes: 2)
        XCTAssertFalse(positive.lossSum.isFinite, "observed \(positive.lossSum)")
        let negative = SoftmaxCrossEntropy.lossSum(logits: [-.infinity, 0], labels: [0],
                                                   classes: 2)
        XCTAssertEqual(negative.lossSum, .infinity)
    }

    func testTieCountsFirstMaximum() {
        let result = SoftmaxCrossEntropy.lossSum(logits: [2, 2, 2, 2], labels: [0, 1],
                                                 classes: 2)
        XCTAssertEqual(result.correct, 1)
    }
}

final class HugeEqualLogitsTests: XCTestCase {
    func testEqualHugeLogitsGiveLogOfClassCount() {
        let logits = [Float](repeating: 1e30, count: 10)
        let result = SoftmaxCrossEntropy.lossSum(logits: logits, labels: [3], classes: 10)
        XCTAssertEqual(result.lossSum, log(10.0), accuracy: 1e-9)
    }
}
