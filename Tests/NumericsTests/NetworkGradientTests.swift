import XCTest
@testable import Numerics

/// Whole-network gradients of the mean loss against central differences in Float with step
/// 1e-3. Logits carry Float rounding of about 1e-7, so the differences are good to about
/// 1e-4; the tolerance is 2e-4 absolute plus 1e-2 relative.
final class NetworkGradientTests: XCTestCase {
    func testGradientsMatchDifferences() throws {
        let network = try makeSmallCNN()
        let parameters = network.initialParameters(seed: 81).offset(by: [])
        let (images, labels) = makeBatch(for: network, count: 4, seed: 82)
        let result = network.lossAndGradients(images: images, labels: labels,
                                              parameters: parameters)
        XCTAssertEqual(result.gradients.names, parameters.names)

        for name in parameters.names {
            let tensor = parameters[name]!
            let differences = centralDifferences(at: tensor.data, step: 1e-3) { shifted in
                var changed = parameters
                changed[name] = Tensor(shape: tensor.shape, data: shifted)
                return network.lossAndGradients(images: images, labels: labels,
                                                parameters: changed).loss
            }
            XCTAssertEqual(result.gradients[name]!.shape, tensor.shape, name)
            assertClose(result.gradients[name]!.data, differences, relative: 1e-2,
                        absolute: 2e-4, "gradient of \(name)")
        }
    }

    func testLossMatchesForward() throws {
        let network = try makeSmallCNN()
        let parameters = network.initialParameters(seed: 83)
        let (images, labels) = makeBatch(for: network, count: 5, seed: 84)
        let result = network.lossAndGradients(images: images, labels: labels,
                                              parameters: parameters)
        let logits = network.forward(images, parameters: parameters)
        let expected = (0..<5).map { row in
            NaiveReference.crossEntropy(logits.data[(row * 3)..<(row * 3 + 3)].map(Double.init),
                                        label: Int(labels[row]))
        }.reduce(0, +) / 5
        assertClose([result.loss], [expected], relative: 1e-9, absolute: 0, "loss")
    }

    func testUnusedTensorGetsZeroGradient() throws {
        let network = try makeSmallCNN()
        var parameters = network.initialParameters(seed: 85)
        parameters["extra"] = Tensor(shape: [2], data: [1, 2])
        let (images, labels) = makeBatch(for: network, count: 2, seed: 86)
        let gradients = network.lossAndGradients(images: images, labels: labels,
                                                 parameters: parameters).gradients
        XCTAssertEqual(gradients.names, parameters.names)
        XCTAssertEqual(gradients["extra"]!.data, [0, 0])
    }

    func testEmptyBatchGivesNaNLoss() throws {
        let network = try makeSmallCNN()
        let parameters = network.initialParameters(seed: 87)
        let result = network.lossAndGradients(images: Tensor(zeros: [0, 2, 6, 5]), labels: [],
                                              parameters: parameters)
        XCTAssertTrue(result.loss.isNaN, "expected NaN, observed \(result.loss)")
        XCTAssertEqual(result.gradients, parameters.zeros())
    }
}
