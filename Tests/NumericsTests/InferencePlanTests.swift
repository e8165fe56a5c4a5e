import XCTest
@testable import Numerics

/// `Network.logits`, which runs the fused inference plan, against `network.layers` run one by
/// one, and the plan itself: which convolutions take over the ReLU and 2x2 max pool after them.
///
/// The fused stages select the same Float values as the separate layers. So the logits agree
/// with the direct layer chain up to the rounding of the dense layers, whose sgemm runs on
/// blocks of 32 images in `logits`, and the tests allow 1e-5 relative and absolute. Against the
/// chain with every convolution on im2col + sgemm they allow 1e-4, the tolerance of the other
/// whole-network tests, since the convolutions then round differently too.
final class InferencePlanTests: XCTestCase {
    /// Conv 3→5 (k3 p1) → relu → max pool k3 s2 → conv 5→6 (k2) → relu → max pool k2 s1 →
    /// conv 6→2 (k1) → relu → flatten → dense 4→3, on [3, 9, 7]. Every convolution is
    /// followed by a ReLU, but no pool after it is 2x2 with stride 2.
    func makeReLUWithoutPoolNetwork() throws -> Network {
        try Network(architecture: Architecture(
            inputShape: [3, 9, 7], inputMean: 0.4, inputStd: 0.6,
            layers: [
                .conv2d(name: "conv1", inChannels: 3, outChannels: 5, kernel: 3, stride: 1,
                        padding: 1),
                .relu,
                .maxPool(kernel: 3, stride: 2),
                .conv2d(name: "conv2", inChannels: 5, outChannels: 6, kernel: 2, stride: 1,
                        padding: 0),
                .relu,
                .maxPool(kernel: 2, stride: 1),
                .conv2d(name: "conv3", inChannels: 6, outChannels: 2, kernel: 1, stride: 1,
                        padding: 0),
                .relu,
                .flatten,
                .dense(name: "fc", inputs: 4, outputs: 3),
            ]))
    }

    /// Conv 2→6 (k3 s2 p1) → relu → max pool 2 → conv 6→4 (k1) → flatten → dense 16→3, on
    /// [2, 10, 9]. The first convolution has stride 2, so it has no direct path, and the
    /// second has no ReLU after it.
    func makeStrideTwoNetwork() throws -> Network {
        try Network(architecture: Architecture(
            inputShape: [2, 10, 9], inputMean: 0.5, inputStd: 0.25,
            layers: [
                .conv2d(name: "conv1", inChannels: 2, outChannels: 6, kernel: 3, stride: 2,
                        padding: 1),
                .relu,
                .maxPool(kernel: 2, stride: 2),
                .conv2d(name: "conv2", inChannels: 6, outChannels: 4, kernel: 1, stride: 1,
                        padding: 0),
                .flatten,
                .dense(name: "fc", inputs: 16, outputs: 3),
            ]))
    }

    /// Compares `network.forward`, which runs the inference plan, with both layer chains.
    func checkLogits(_ network: Network, batch: Int, seed: UInt64,
                     file: StaticString = #filePath, line: UInt = #line) {
        let parameters = makeNetworkParameters(network, seed: seed)
        let (images, _) = makeBatch(for: network, count: batch, seed: seed + 100)
        let logits = network.forward(images, parameters: parameters).data
        let direct = layerByLayerLogits(network, images: images, parameters: parameters)
        let sgemm = layerByLayerLogits(network, images: images, parameters: parameters) {
            $0.allowsDirect = false
        }
        XCTAssertEqual(logits.count, batch * network.classCount, "logit count",
                       file: file, line: line)
        assertClose(logits, direct.map(Double.init), relative: 1e-5, absolute: 1e-5,
                    "plan vs layers", file: file, line: line)
        assertClose(logits, sgemm.map(Double.init), relative: 1e-4, absolute: 1e-4,
                    "plan vs layers on sgemm", file: file, line: line)
    }

    /// Returns one name per plan step: a convolution's output stage, or the layer type.
    func stepNames(_ network: Network) -> [String] {
        network.inferenceSteps.map { step in
            guard let conv = step.layer as? Conv2DLayer else { return "\(type(of: step.layer))" }
            return "conv \(conv.outputStage)"
        }
    }

    // MARK: - Logits

    func testSampleCNNLogitsMatchLayers() throws {
        // 35 images: one full inference block of 32 and a partial one.
        checkLogits(try makeBenchmarkCNN(), batch: Network.inferenceBlock + 3, seed: 800)
    }

    func testReLUWithoutPoolLogitsMatchLayers() throws {
        checkLogits(try makeReLUWithoutPoolNetwork(), batch: 5, seed: 810)
    }

    func testStrideTwoLogitsMatchLayers() throws {
        checkLogits(try makeStrideTwoNetwork(), batch: 5, seed: 820)
    }

    // MARK: - Plan

    func testSampleCNNPlanFusesBothConvs() throws {
        let network = try makeBenchmarkCNN()
        try XCTSkipUnless(CPUFeatures.supportsVectorKernels,
                          "without AVX2 and FMA the plan keeps every layer")
        XCTAssertEqual(network.layers.count, 10)
        XCTAssertEqual(stepNames(network), ["conv reluMaxPool", "conv reluMaxPool",
                                            "FlattenLayer", "DenseLayer", "ReLULayer",
                                            "DenseLayer"])
        XCTAssertEqual(network.inferenceSteps.map(\.layers),
                       [0..<3, 3..<6, 6..<7, 7..<8, 8..<9, 9..<10])
        XCTAssertEqual(network.inferenceSteps[1].layer.outputShape, [32, 7, 7])
    }

    func testReLUWithoutPoolPlanFusesReLUOnly() throws {
        let network = try makeReLUWithoutPoolNetwork()
        try XCTSkipUnless(CPUFeatures.supportsVectorKernels,
                          "without AVX2 and FMA the plan keeps every layer")
        XCTAssertEqual(network.layers.count, 10)
        XCTAssertEqual(stepNames(network), ["conv relu", "MaxPoolLayer", "conv relu",
                                            "MaxPoolLayer", "conv relu", "FlattenLayer",
                                            "DenseLayer"])
        XCTAssertEqual(network.inferenceSteps.map(\.layers),
                       [0..<2, 2..<3, 3..<5, 5..<6, 6..<8, 8..<9, 9..<10])
    }

    func testStrideTwoPlanKeepsEveryLayer() throws {
        let network = try makeStrideTwoNetwork()
        XCTAssertNil((network.layers[0] as? Conv2DLayer)?.direct, "stride 2 has no direct path")
        XCTAssertEqual(stepNames(network), ["conv plain", "ReLULayer", "MaxPoolLayer",
                                            "conv plain", "FlattenLayer", "DenseLayer"])
        XCTAssertEqual(network.inferenceSteps.map(\.layers), (0..<6).map { $0..<($0 + 1) })
    }

    func testPlanLeavesTrainingLayersPlain() throws {
        // The backward pass needs the separate ReLU and pool, so `layers` keeps them.
        let network = try makeBenchmarkCNN()
        let stages = network.layers.compactMap { ($0 as? Conv2DLayer)?.outputStage }
        XCTAssertEqual(stages, [.plain, .plain])
    }
}
