import Foundation
import XCTest
@testable import Numerics

/// The whole forward pass against a chain of Double reference layers, to 1e-4 relative and
/// absolute (Float rounding through four products of up to 48 terms), and its behaviour
/// with non-finite parameters and from two threads at once.
final class NetworkForwardTests: XCTestCase {
    func referenceLogits(_ network: Network, images: Tensor, parameters: Parameters) -> [Double] {
        let batch = images.shape[0]
        let mean = Double(network.architecture.inputMean)
        let std = Double(network.architecture.inputStd)
        var x = images.data.map { (Double($0) - mean) / std }
        let conv1 = NaiveReference.ConvShape(channels: 2, height: 6, width: 5, outChannels: 3,
                                             kernel: 3, stride: 1, padding: 1)
        x = NaiveReference.conv2d(x, batch: batch, shape: conv1,
                                  weight: parameters["conv1.weight"]!.data,
                                  bias: parameters["conv1.bias"]!.data)
        x = NaiveReference.relu(x)
        x = NaiveReference.maxPool(x, batch: batch, channels: 3, height: 6, width: 5,
                                   kernel: 2, stride: 2)
        let conv2 = NaiveReference.ConvShape(channels: 3, height: 3, width: 2, outChannels: 4,
                                             kernel: 2, stride: 1, padding: 1)
        x = NaiveReference.conv2d(x, batch: batch, shape: conv2,
                                  weight: parameters["conv2.weight"]!.data,
                                  bias: parameters["conv2.bias"]!.data)
        x = NaiveReference.relu(x)
        x = NaiveReference.dense(x, batch: batch, inputs: 48, outputs: 5,
                                 weight: parameters["fc1.weight"]!.data,
                                 bias: parameters["fc1.bias"]!.data)
        x = NaiveReference.relu(x)
        return NaiveReference.dense(x, batch: batch, inputs: 5, outputs: 3,
                                    weight: parameters["fc2.weight"]!.data,
                                    bias: parameters["fc2.bias"]!.data)
    }

    /// Parameters with random biases, so that the bias paths are exercised too.
    func randomParameters(_ network: Network, seed: UInt64) -> Parameters {
        var parameters = network.initialParameters(seed: seed)
        for (index, name) in parameters.names.enumerated() where name.hasSuffix(".bias") {
            let shape = parameters[name]!.shape
            parameters[name] = Tensor(shape: shape, data: randomFloats(shape[0],
                                                                       seed: seed + UInt64(index),
                                                                       in: -0.2...0.2))
        }
        return parameters
    }

    func testForwardMatchesReferenceChain() throws {
        let network = try makeSmallCNN()
        let parameters = randomParameters(network, seed: 71)
        let (images, _) = makeBatch(for: network, count: 3, seed: 72)
        let logits = network.forward(images, parameters: parameters)
        XCTAssertEqual(logits.shape, [3, 3])
        assertClose(logits.data, referenceLogits(network, images: images, parameters: parameters),
                    relative: 1e-4, absolute: 1e-4, "logits")
    }

    func testBlocksMatchSingleImages() throws {
        // More images than one inference block, with a partial last block.
        let network = try makeSmallCNN()
        let parameters = randomParameters(network, seed: 70)
        let count = 2 * Network.inferenceBlock + 3
        let (images, _) = makeBatch(for: network, count: count, seed: 69)
        let logits = network.forward(images, parameters: parameters)
        let sampleSize = 2 * 6 * 5
        var expected: [Double] = []
        for index in 0..<count {
            let pixels = Array(images.data[(index * sampleSize)..<((index + 1) * sampleSize)])
            let single = network.forward(Tensor(shape: [1, 2, 6, 5], data: pixels),
                                         parameters: parameters)
            expected += single.data.map(Double.init)
        }
        assertClose(logits.data, expected, relative: 1e-5, absolute: 1e-5, "logits")
    }

    func testEmptyBatchGivesNoLogits() throws {
        let network = try makeSmallCNN()
        let logits = network.forward(Tensor(zeros: [0, 2, 6, 5]),
                                     parameters: network.initialParameters(seed: 1))
        XCTAssertEqual(logits.shape, [0, 3])
    }

    func testNaNWeightGivesNaNLoss() throws {
        let network = try makeSmallCNN()
        var parameters = network.initialParameters(seed: 73)
        var weight = parameters["conv1.weight"]!
        weight.data = weight.data.map { _ in .nan }
        parameters["conv1.weight"] = weight
        let (images, labels) = makeBatch(for: network, count: 2, seed: 74)
        let result = network.lossAndGradients(images: images, labels: labels,
                                              parameters: parameters)
        XCTAssertTrue(result.loss.isNaN, "expected NaN, observed \(result.loss)")
        XCTAssertEqual(result.correct, 0)
    }

    func testHugeWeightsGiveNonFiniteOrLargeLoss() throws {
        let network = try makeSmallCNN()
        let scaled = network.initialParameters(seed: 75).offset(by: [])
        var parameters = scaled
        for name in parameters.names {
            var tensor = parameters[name]!
            tensor.data = tensor.data.map { $0 * 1e12 }
            parameters[name] = tensor
        }
        let (images, labels) = makeBatch(for: network, count: 2, seed: 76)
        let metrics = evaluate(network, parameters: parameters,
                               on: Dataset(images: images, labels: labels, classCount: 3))
        XCTAssertTrue(!metrics.loss.isFinite || metrics.loss > 1e3,
                      "expected a NaN, infinite or huge loss, observed \(metrics.loss)")
    }

    func testConcurrentForwardMatchesSerial() throws {
        let network = try makeSmallCNN()
        let parameterSets = [randomParameters(network, seed: 77),
                             randomParameters(network, seed: 78)]
        let (images, _) = makeBatch(for: network, count: 8, seed: 79)
        let serial = parameterSets.map { network.forward(images, parameters: $0).data }

        let lock = NSLock()
        var concurrent: [[Float]] = [[], []]
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            var logits: [Float] = []
            for _ in 0..<20 {
                logits = network.forward(images, parameters: parameterSets[index]).data
            }
            lock.lock()
            concurrent[index] = logits
            lock.unlock()
        }
        for index in 0..<2 {
            assertClose(concurrent[index], serial[index].map(Double.init), relative: 1e-6,
                        absolute: 1e-6, "logits of thread \(index)")
        }
    }
}
