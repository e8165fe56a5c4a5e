import XCTest
@testable import Numerics

/// The inference plan's fusion of evaluation-mode BatchNorm into the stride-1 convolution
/// before it, at the top level and inside residual blocks, against `network.layers` run one
/// by one.
///
/// Each fused step runs the same vector kernel as the separate convolution. It applies
/// `x * scale + shift` with BatchNorm's own `scale` and `shift` as a rounded product and a
/// rounded sum, so its outputs must equal the separate layers' exactly, NaN where they are
/// NaN. The logits of `forward` are compared within 1e-5, the tolerance of the other plan
/// tests, because the dense layers may run on other blocks of images there.
final class BatchNormFusionTests: XCTestCase {
    /// Conv 2→6 (k3 p1) → BN → ReLU → four residual blocks → conv 5→4 → BN → max pool 2 →
    /// conv 4→4 → BN → ReLU → max pool 2 → global average pool → dense 4→3, on [2, 8, 8].
    ///
    /// The blocks are an identity block on 6 channels, a projection block 6→4 with stride 1,
    /// a projection block 4→5 with stride 2 and a block 5→5 without shortcut. Every block's
    /// body is conv → BN → ReLU → conv → BN. Convolutions on 4 or more input channels run
    /// the Winograd kernel, the others, and the 1x1 projection, the direct one.
    func makeResNet() throws -> Network {
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
            inputShape: [2, 8, 8], inputMean: 0.4, inputStd: 0.3,
            layers: [
                .conv2d(name: "conv1", inChannels: 2, outChannels: 6, kernel: 3, stride: 1,
                        padding: 1),
                .batchNorm(name: "bn1", channels: 6),
                .relu,
                block("layer1", 6, 6, stride: 1, shortcut: .identity),
                block("layer2", 6, 4, stride: 1,
                      shortcut: .projection(stride: 1, batchNorm: true)),
                block("layer3", 4, 5, stride: 2,
                      shortcut: .projection(stride: 2, batchNorm: true)),
                block("layer4", 5, 5, stride: 1, shortcut: .none),
                .conv2d(name: "conv2", inChannels: 5, outChannels: 4, kernel: 3, stride: 1,
                        padding: 1),
                .batchNorm(name: "bn2", channels: 4),
                .maxPool(kernel: 2, stride: 2),
                .conv2d(name: "conv3", inChannels: 4, outChannels: 4, kernel: 3, stride: 1,
                        padding: 1),
                .batchNorm(name: "bn3", channels: 4),
                .relu,
                .maxPool(kernel: 2, stride: 2),
                .globalAvgPool,
                .dense(name: "fc", inputs: 4, outputs: 3),
            ]))
    }

    /// Returns He-normal weights, biases and BatchNorm shifts uniform in [-0.2, 0.2], and
    /// BatchNorm scales uniform in [-1.5, 1.5], so that some are negative and a pool that
    /// ran before the scale would pick other values.
    func makeParameters(_ network: Network, seed: UInt64) -> Parameters {
        var parameters = makeNetworkParameters(network, seed: seed)
        for (index, name) in parameters.names.enumerated()
        where name.hasSuffix(".weight") && parameters[name]!.rank == 1 {
            let count = parameters[name]!.shape[0]
            parameters[name] = Tensor(shape: [count],
                                      data: randomFloats(count, seed: seed + 50 + UInt64(index),
                                                         in: -1.5...1.5))
        }
        return parameters
    }

    /// Returns running means uniform in [-0.5, 0.5] and running variances uniform in
    /// [0.1, 2], except that channel 1 of `negativeVariance`, when given, gets −2e-5, below
    /// `−eps`, so that BatchNorm makes that channel NaN.
    func makeBuffers(_ network: Network, seed: UInt64,
                     negativeVariance: String? = nil) throws -> Parameters {
        var buffers = network.initialBuffers()
        for (index, name) in buffers.names.enumerated() {
            let count = buffers[name]!.shape[0]
            let isVariance = name.hasSuffix(".running_var")
            var values = randomFloats(count, seed: seed + UInt64(index),
                                      in: isVariance ? 0.1...2 : -0.5...0.5)
            if name == negativeVariance { values[1] = -2e-5 }
            buffers[name] = Tensor(shape: [count], data: values)
        }
        if let negativeVariance {
            XCTAssertNotNil(buffers[negativeVariance], "no buffer \(negativeVariance)")
        }
        return buffers
    }

    /// Returns the normalized images, then the output of each of `network.layers` run one
    /// after another with their plain forward passes.
    func unfusedActivations(_ network: Network, images: Tensor, values: [[[Float]]]) -> [[Float]] {
        let mean = network.architecture.inputMean
        let std = network.architecture.inputStd
        var activations = [images.data.map { ($0 - mean) / std }]
        for (layer, layerValues) in zip(network.layers, values) {
            activations.append(layer.forward(activations.last!, batch: images.shape[0],
                                             parameters: layerValues))
        }
        return activations
    }

    /// Runs each plan step on the separate layers' input to it and checks its output against
    /// theirs. Returns the NaN count of each step's expected output.
    @discardableResult
    func checkSteps(_ network: Network, buffers: Parameters, seed: UInt64,
                    file: StaticString = #filePath, line: UInt = #line) -> [Int] {
        let parameters = makeParameters(network, seed: seed)
        let (images, _) = makeBatch(for: network, count: 3, seed: seed + 100)
        let values = network.layerParameters(parameters, buffers: buffers)
        let activations = unfusedActivations(network, images: images, values: values)
        return network.inferenceSteps.map { step in
            let input = activations[step.layers.lowerBound]
            let expected = activations[step.layers.upperBound]
            let observed = step.layer.forward(input, batch: 3,
                                              parameters: step.layers.flatMap { values[$0] })
            assertSameValues(observed, expected, "step \(step.layers) \(type(of: step.layer))",
                             file: file, line: line)
            return expected.filter(\.isNaN).count
        }
    }

    /// Returns one name per plan step, as `describe` names a layer.
    func stepNames(_ network: Network) -> [String] {
        network.inferenceSteps.map { describe($0.layer) }
    }

    /// Returns a fused step's name with its output stage, a residual block's body and
    /// shortcut in brackets, or the layer type.
    func describe(_ layer: any Layer) -> String {
        switch layer {
        case let fused as ConvBatchNormLayer: return "conv+bn \(fused.conv.outputStage)"
        case let conv as Conv2DLayer: return "conv \(conv.outputStage)"
        case let block as ResidualLayer:
            let body = block.body.map(describe).joined(separator: ", ")
            let shortcut = block.shortcutLayers.map(describe).joined(separator: ", ")
            return "residual [\(body)] [\(shortcut)]"
        default: return "\(type(of: layer))"
        }
    }

    // MARK: - Values

    func testResNetLogitsMatchLayers() throws {
        let network = try makeResNet()
        let parameters = makeParameters(network, seed: 900)
        let buffers = try makeBuffers(network, seed: 910)
        // Past one inference block, so that the second block reuses the buffers.
        let batch = Network.inferenceBlock + 3
        let (images, _) = makeBatch(for: network, count: batch, seed: 920)
        let logits = network.forward(images, parameters: parameters, buffers: buffers).data
        let values = network.layerParameters(parameters, buffers: buffers)
        let expected = unfusedActivations(network, images: images, values: values).last!
        XCTAssertEqual(logits.count, batch * network.classCount, "logit count")
        XCTAssertFalse(expected.contains { $0.isNaN }, "finite statistics give finite logits")
        assertClose(logits, expected.map(Double.init), relative: 1e-5, absolute: 1e-5,
                    "plan vs layers")
    }

    func testResNetStepsMatchLayers() throws {
        let network = try makeResNet()
        let nanCounts = checkSteps(network, buffers: try makeBuffers(network, seed: 930),
                                   seed: 940)
        XCTAssertEqual(nanCounts.reduce(0, +), 0, "finite statistics give finite steps")
    }

    func testBlockNegativeVarianceMatchesNaN() throws {
        // The block without shortcut ends in its BatchNorm, so only channel 1 of its
        // output is NaN before the convolution after it spreads the NaN.
        let network = try makeResNet()
        let buffers = try makeBuffers(network, seed: 950,
                                      negativeVariance: "layer4.bn2.running_var")
        let nanCounts = checkSteps(network, buffers: buffers, seed: 960)
        let blockStep = try XCTUnwrap(network.inferenceSteps.firstIndex { $0.layers == 6..<7 })
        XCTAssertEqual(nanCounts[blockStep], 3 * 4 * 4, "NaN in channel 1 of each image only")
        XCTAssertEqual(nanCounts[blockStep - 1], 0, "the block before it stays finite")
    }

    func testPoolNegativeVarianceMatchesNaN() throws {
        let network = try makeResNet()
        let buffers = try makeBuffers(network, seed: 970, negativeVariance: "bn3.running_var")
        let nanCounts = checkSteps(network, buffers: buffers, seed: 980)
        let poolStep = try XCTUnwrap(network.inferenceSteps.firstIndex { $0.layers == 10..<14 })
        XCTAssertEqual(nanCounts[poolStep], 3 * 1 * 1, "NaN in channel 1 of each image only")
        XCTAssertEqual(nanCounts[poolStep - 1], 0, "the step before it stays finite")
    }

    // MARK: - Plan

    func testResNetPlanFusesBatchNorm() throws {
        let network = try makeResNet()
        try XCTSkipUnless(CPUFeatures.supportsVectorKernels,
                          "without AVX2 and FMA the plan keeps every layer")
        XCTAssertEqual(network.layers.count, 16)
        XCTAssertEqual(stepNames(network), [
            "conv+bn relu",
            "residual [conv+bn relu, conv+bn plain] []",
            "residual [conv+bn relu, conv+bn plain] [conv+bn plain]",
            "residual [conv plain, BatchNormLayer, ReLULayer, conv+bn plain] "
                + "[conv plain, BatchNormLayer]",
            "residual [conv+bn relu, conv+bn plain] []",
            "conv+bn plain",
            "MaxPoolLayer",
            "conv+bn reluMaxPool",
            "GlobalAvgPoolLayer",
            "DenseLayer",
        ])
        XCTAssertEqual(network.inferenceSteps.map(\.layers),
                       [0..<3, 3..<4, 4..<5, 5..<6, 6..<7, 7..<9, 9..<10, 10..<14, 14..<15,
                        15..<16])
        XCTAssertEqual(network.inferenceSteps[7].layer.outputShape, [4, 1, 1])
    }

    func testStrideTwoConvKeepsBatchNorm() throws {
        let network = try makeResNet()
        let block = try XCTUnwrap(network.inferenceSteps[3].layer as? ResidualLayer)
        let conv = try XCTUnwrap(block.body.first as? Conv2DLayer)
        XCTAssertEqual(conv.geometry.stride, 2)
        XCTAssertNil(conv.direct, "stride 2 has no vector kernel")
        XCTAssertTrue(block.body[1] is BatchNormLayer, "the BatchNorm stays a layer")
        XCTAssertTrue(block.shortcutLayers.last is BatchNormLayer,
                      "the stride-2 projection keeps its BatchNorm")
    }

    func testTrainingLayersStaySeparate() throws {
        // The backward pass and the R-pass run on `layers`, which must not hold fused steps.
        let network = try makeResNet()
        XCTAssertFalse(network.layers.contains { $0 is ConvBatchNormLayer })
        for case let block as ResidualLayer in network.layers {
            XCTAssertFalse((block.body + block.shortcutLayers).contains {
                $0 is ConvBatchNormLayer
            })
        }
        let stages = network.layers.compactMap { ($0 as? Conv2DLayer)?.outputStage }
        XCTAssertEqual(stages, [.plain, .plain, .plain])
    }

    func testTrainingPathRunsWithFusedPlan() throws {
        // `ConvBatchNormLayer` stops the program in `record` and `backward`, so these calls
        // return only if the training path keeps to the separate layers.
        let network = try makeResNet()
        let parameters = makeParameters(network, seed: 990)
        let buffers = try makeBuffers(network, seed: 991)
        let (images, labels) = makeBatch(for: network, count: 4, seed: 992)
        let evaluation = network.lossAndGradients(images: images, labels: labels,
                                                  parameters: parameters, buffers: buffers)
        let training = network.trainingLossAndGradients(images: images, labels: labels,
                                                        parameters: parameters,
                                                        buffers: buffers)
        XCTAssertTrue(evaluation.loss.isFinite, "evaluation-mode loss")
        XCTAssertTrue(training.loss.isFinite, "training-mode loss")
    }
}
