import XCTest
@testable import Numerics

/// `evaluate` over several batches against one `lossAndGradients` call on the whole set, to
/// 1e-9 relative: both sum the same Double row losses, in batches of different sizes.
final class EvaluateTests: XCTestCase {
    func testBatchesMatchWholeSet() throws {
        let network = try makeSmallCNN()
        let parameters = network.initialParameters(seed: 91)
        let (images, labels) = makeBatch(for: network, count: 7, seed: 92)
        let dataset = Dataset(images: images, labels: labels, classCount: 3)
        let whole = network.lossAndGradients(images: images, labels: labels,
                                             parameters: parameters)
        for batchSize in [1, 3, 7, 100] {
            let metrics = evaluate(network, parameters: parameters, on: dataset,
                                   batchSize: batchSize)
            XCTAssertEqual(metrics.count, 7)
            assertClose([metrics.loss], [whole.loss], relative: 1e-6, absolute: 0,
                        "loss at batch size \(batchSize)")
            XCTAssertEqual(metrics.accuracy, Double(whole.correct) / 7,
                           "accuracy at batch size \(batchSize)")
        }
    }

    func testEmptyDatasetGivesNaN() throws {
        let network = try makeSmallCNN()
        let dataset = Dataset(images: Tensor(zeros: [0, 2, 6, 5]), labels: [], classCount: 3)
        let metrics = evaluate(network, parameters: network.initialParameters(seed: 93),
                               on: dataset)
        XCTAssertEqual(metrics.count, 0)
        XCTAssertTrue(metrics.loss.isNaN, "expected NaN, observed \(metrics.loss)")
        XCTAssertTrue(metrics.accuracy.isNaN, "expected NaN, observed \(metrics.accuracy)")
    }
}
