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

    func testBlocksMatchMeanOfSamples() throws {
        // More samples than one training block, with a partial last block. The batch's
        // gradient is the mean of the per-sample gradients, to Float rounding of 70 terms.
        let network = try makeSmallCNN()
        let parameters = network.initialParameters(seed: 88)
        let count = 2 * Network.trainingBlock + 6
        let (images, labels) = makeBatch(for: network, count: count, seed: 89)
        let batch = network.lossAndGradients(images: images, labels: labels,
                                             parameters: parameters)

        let sampleSize = 2 * 6 * 5
        var lossSum = 0.0
        var gradientSums = parameters.names.map { [Double](repeating: 0,
                                                           count: parameters[$0]!.count) }
        for index in 0..<count {
            let pixels = Array(images.data[(index * sampleSize)..<((index + 1) * sampleSize)])
            let single = network.lossAndGradients(
                images: Tensor(shape: [1, 2, 6, 5], data: pixels), labels: [labels[index]],
                parameters: parameters)
            lossSum += single.loss
            for (tensor, name) in parameters.names.enumerated() {
                for (position, value) in single.gradients[name]!.data.enumerated() {
                    gradientSums[tensor][position] += Double(value)
                }
            }
        }
        assertClose([batch.loss], [lossSum / Double(count)], relative: 1e-9, absolute: 0,
                    "loss")
        for (tensor, name) in parameters.names.enumerated() {
            assertClose(batch.gradients[name]!.data,
                        gradientSums[tensor].map { $0 / Double(count) },
                        relative: 1e-4, absolute: 1e-6, "gradient of \(name)")
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
