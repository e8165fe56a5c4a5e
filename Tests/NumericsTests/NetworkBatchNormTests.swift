import XCTest
@testable import Numerics

/// Whole networks with BatchNorm and residual blocks: gradients in both modes against
/// differences in Float with step 1e-3 (tolerance 3e-4 absolute plus relative, as the
/// logits carry Float rounding), and the running statistics against hand computations.
final class NetworkBatchNormTests: XCTestCase {
    /// [1, 4, 4] → conv 2 → BatchNorm → ReLU → identity block → projection block (3
    /// channels, stride 2) → global average pool → dense 3. It is small because every ReLU
    /// adds a kink that a finite-difference step may cross.
    func makeSmallResNet() throws -> Network {
        func block(_ name: String, _ inChannels: Int, _ channels: Int, stride: Int,
                   shortcut: Shortcut) -> LayerSpec {
            .residual(name: name, body: [
                .conv2d(name: "conv1", inChannels: inChannels, outChannels: channels,
                        kernel: 3, stride: stride, padding: 1),
                .batchNorm(name: "bn1", channels: channels),
                .relu,
                .conv2d(name: "conv2", inChannels: channels, outChannels: channels, kernel: 3,
                        stride: 1, padding: 1),
                .batchNorm(name: "bn2", channels: channels),
            ], shortcut: shortcut)
        }
        return try Network(architecture: Architecture(
            inputShape: [1, 4, 4], inputMean: 0.3, inputStd: 0.7,
            layers: [
                .conv2d(name: "conv1", inChannels: 1, outChannels: 2, kernel: 3, stride: 1,
                        padding: 1),
                .batchNorm(name: "bn1", channels: 2),
                .relu,
                block("layer1", 2, 2, stride: 1, shortcut: .identity),
                block("layer2", 2, 3, stride: 2,
                      shortcut: .projection(stride: 2, batchNorm: true)),
                .globalAvgPool,
                .dense(name: "fc", inputs: 3, outputs: 3),
            ]))
    }

    /// Running statistics moved away from their initial values by a few training passes.
    func trainedBuffers(_ network: Network, parameters: Parameters) -> Parameters {
        var buffers = network.initialBuffers()
        for seed in 0..<3 {
            let (images, labels) = makeBatch(for: network, count: 8, seed: UInt64(90 + seed))
            buffers = network.trainingLossAndGradients(images: images, labels: labels,
                                                       parameters: parameters,
                                                       buffers: buffers).buffers
        }
        return buffers
    }

    /// Compares `loss`'s gradients with differences of its loss at step 1e-3, allowing for
    /// ReLU kinks as `assertMatchesDifferences` does.
    func checkGradients(_ network: Network, parameters: Parameters,
                        _ loss: (Parameters) -> (loss: Double, gradients: Parameters),
                        file: StaticString = #filePath, line: UInt = #line) {
        let result = loss(parameters)
        XCTAssertEqual(result.gradients.names, parameters.names, file: file, line: line)
        for name in parameters.names {
            let tensor = parameters[name]!
            assertMatchesDifferences(result.gradients[name]!.data, at: tensor.data, step: 1e-3,
                                     tolerance: 3e-4, "gradient of \(name)", file: file,
                                     line: line) { shifted in
                var changed = parameters
                changed[name] = Tensor(shape: tensor.shape, data: shifted)
                return loss(changed).loss
            }
        }
    }

    func testTrainingGradientsMatchDifferences() throws {
        let network = try makeSmallResNet()
        let parameters = network.initialParameters(seed: 83)
        let buffers = network.initialBuffers()
        let (images, labels) = makeBatch(for: network, count: 3, seed: 84)
        checkGradients(network, parameters: parameters) { parameters in
            let result = network.trainingLossAndGradients(images: images, labels: labels,
                                                          parameters: parameters,
                                                          buffers: buffers)
            return (result.loss, result.gradients)
        }
    }

    func testEvaluationGradientsMatchDifferences() throws {
        let network = try makeSmallResNet()
        let parameters = network.initialParameters(seed: 95)
        let buffers = trainedBuffers(network, parameters: parameters)
        let (images, labels) = makeBatch(for: network, count: 3, seed: 96)
        checkGradients(network, parameters: parameters) { parameters in
            let result = network.lossAndGradients(images: images, labels: labels,
                                                  parameters: parameters, buffers: buffers)
            return (result.loss, result.gradients)
        }
    }

    func testEvaluationLossMatchesForward() throws {
        let network = try makeSmallResNet()
        let parameters = network.initialParameters(seed: 87)
        let buffers = trainedBuffers(network, parameters: parameters)
        let (images, labels) = makeBatch(for: network, count: 5, seed: 88)
        let logits = network.forward(images, parameters: parameters, buffers: buffers)
        var lossSum = 0.0
        for (row, label) in labels.enumerated() {
            let values = logits.data[(row * 3)..<((row + 1) * 3)].map(Double.init)
            lossSum += NaiveReference.crossEntropy(values, label: Int(label))
        }
        let result = network.lossAndGradients(images: images, labels: labels,
                                              parameters: parameters, buffers: buffers)
        assertClose([result.loss], [lossSum / 5], relative: 1e-5, absolute: 0, "loss")
        let dataset = Dataset(images: images, labels: labels, classCount: 3)
        let metrics = evaluate(network, parameters: parameters, buffers: buffers, on: dataset,
                               batchSize: 2)
        assertClose([metrics.loss], [lossSum / 5], relative: 1e-5, absolute: 0, "evaluate")
    }

    func testEvaluationTreatsSamplesAlone() throws {
        let network = try makeSmallResNet()
        let parameters = network.initialParameters(seed: 89)
        let buffers = trainedBuffers(network, parameters: parameters)
        let (images, _) = makeBatch(for: network, count: 3, seed: 90)
        let batch = network.forward(images, parameters: parameters, buffers: buffers)
        let single = network.forward(
            Tensor(shape: [1, 1, 4, 4], data: Array(images.data[16..<32])),
            parameters: parameters, buffers: buffers)
        assertClose(Array(batch.data[3..<6]), single.data.map(Double.init), relative: 1e-6,
                    absolute: 1e-6, "sample 1 alone")
    }

    /// BatchNorm of one channel on [1, 1, 2] inputs, then dense 2 → 2, batch of two.
    func makeTinyNetwork() throws -> Network {
        try Network(architecture: Architecture(
            inputShape: [1, 1, 2], inputMean: 0, inputStd: 1,
            layers: [.batchNorm(name: "bn", channels: 1), .flatten,
                     .dense(name: "fc", inputs: 2, outputs: 2)]))
    }

    func testRunningStatisticsUpdate() throws {
        let network = try makeTinyNetwork()
        let parameters = network.initialParameters(seed: 1)
        let images = Tensor(shape: [2, 1, 1, 2], data: [0.1, 0.5, 0.3, 0.9])
        // Mean 0.45; squared deviations 0.1225, 0.0025, 0.0225, 0.2025 sum to 0.35, so the
        // unbiased variance is 0.35 / 3. Then 0.9·0 + 0.1·0.45 and 0.9·1 + 0.1·0.35/3.
        let first = network.trainingLossAndGradients(
            images: images, labels: [0, 1], parameters: parameters,
            buffers: network.initialBuffers())
        XCTAssertEqual(first.buffers.names, ["bn.running_mean", "bn.running_var"])
        assertClose(first.buffers["bn.running_mean"]!.data, [0.045], relative: 1e-6,
                    absolute: 0, "running mean after one step")
        assertClose(first.buffers["bn.running_var"]!.data, [0.9 + 0.035 / 3], relative: 1e-6,
                    absolute: 0, "running variance after one step")

        // From 0.045 and 0.9 + 0.035/3 again: 0.9·0.045 + 0.045 and 0.9·v + 0.035/3.
        let second = network.trainingLossAndGradients(
            images: images, labels: [0, 1], parameters: parameters, buffers: first.buffers)
        assertClose(second.buffers["bn.running_mean"]!.data, [0.0855], relative: 1e-6,
                    absolute: 0, "running mean after two steps")
        assertClose(second.buffers["bn.running_var"]!.data,
                    [0.9 * (0.9 + 0.035 / 3) + 0.035 / 3], relative: 1e-6, absolute: 0,
                    "running variance after two steps")
    }

    func testTrainingStatisticsSpanWholeBatch() throws {
        // More images than one training block: the batch mean must be over all of them.
        let network = try makeTinyNetwork()
        let count = 2 * Network.trainingBlock + 6
        let pixels = randomFloats(count * 2, seed: 93, in: 0...1)
        let images = Tensor(shape: [count, 1, 1, 2], data: pixels)
        let labels = (0..<count).map { Int32($0 % 2) }
        let result = network.trainingLossAndGradients(
            images: images, labels: labels, parameters: network.initialParameters(seed: 2),
            buffers: network.initialBuffers())
        let mean = pixels.map(Double.init).reduce(0, +) / Double(pixels.count)
        assertClose(result.buffers["bn.running_mean"]!.data, [0.1 * mean], relative: 1e-5,
                    absolute: 0, "running mean")
    }

    func testNetworkWithoutBatchNormKeepsBuffers() throws {
        let network = try makeSmallCNN()
        XCTAssertFalse(network.hasBatchNorm)
        XCTAssertEqual(network.initialBuffers().count, 0)
        let parameters = network.initialParameters(seed: 3)
        let (images, labels) = makeBatch(for: network, count: 3, seed: 4)
        let training = network.trainingLossAndGradients(images: images, labels: labels,
                                                        parameters: parameters,
                                                        buffers: Parameters())
        let evaluation = network.lossAndGradients(images: images, labels: labels,
                                                  parameters: parameters)
        XCTAssertEqual(training.loss, evaluation.loss)
        XCTAssertEqual(training.gradients, evaluation.gradients)
        XCTAssertEqual(training.buffers.count, 0)
    }

    func testInitialValues() throws {
        let network = try makeSmallResNet()
        XCTAssertTrue(network.hasBatchNorm)
        let parameters = network.initialParameters(seed: 5)
        XCTAssertEqual(parameters["layer2.shortcut.bn.weight"]!.data, [1, 1, 1])
        XCTAssertEqual(parameters["layer2.shortcut.bn.bias"]!.data, [0, 0, 0])
        XCTAssertEqual(parameters["layer1.conv2.bias"]!.data, [0, 0])
        XCTAssertNil(parameters["layer2.shortcut.bias"])
        let buffers = network.initialBuffers()
        XCTAssertEqual(buffers["bn1.running_mean"]!.data, [0, 0])
        XCTAssertEqual(buffers["layer1.bn2.running_var"]!.data, [1, 1])
        XCTAssertEqual(buffers.count, 12)
    }

    func testValidateNamesBuffer() throws {
        let network = try makeTinyNetwork()
        let parameters = network.initialParameters(seed: 1)
        var buffers = network.initialBuffers()
        XCTAssertNoThrow(try network.validate(parameters, buffers: buffers))
        XCTAssertThrowsError(try network.validate(parameters)) { error in
            XCTAssertEqual("\(error)",
                           "buffer bn.running_mean of layer 0 (batchnorm bn) is missing")
        }
        buffers["bn.running_var"] = Tensor(zeros: [2])
        XCTAssertThrowsError(try network.validate(parameters, buffers: buffers)) { error in
            XCTAssertEqual("\(error)", "buffer bn.running_var has shape [2], but layer 0 "
                + "(batchnorm bn) expects [1]")
        }
    }
}
