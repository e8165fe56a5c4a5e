import XCTest
@testable import Numerics

/// Returns a small CNN with every layer type, a non-square two-channel input and a
/// non-trivial input normalization: [2, 6, 5] → conv 3 (k3 s1 p1) → relu → max pool
/// (k2 s2) → conv 4 (k2 s1 p1) → relu → flatten (48) → dense 5 → relu → dense 3.
func makeSmallCNN() throws -> Network {
    try Network(architecture: Architecture(
        inputShape: [2, 6, 5], inputMean: 0.3, inputStd: 0.7,
        layers: [
            .conv2d(name: "conv1", inChannels: 2, outChannels: 3, kernel: 3, stride: 1,
                    padding: 1),
            .relu,
            .maxPool(kernel: 2, stride: 2),
            .conv2d(name: "conv2", inChannels: 3, outChannels: 4, kernel: 2, stride: 1,
                    padding: 1),
            .relu,
            .flatten,
            .dense(name: "fc1", inputs: 48, outputs: 5),
            .relu,
            .dense(name: "fc2", inputs: 5, outputs: 3),
        ]))
}

/// Returns `count` random images in [0, 1] for `network`, and labels below its class count.
func makeBatch(for network: Network, count: Int,
               seed: UInt64) -> (images: Tensor, labels: [Int32]) {
    let shape = [count] + network.architecture.inputShape
    let pixels = randomFloats(shape.reduce(1, *), seed: seed, in: 0...1)
    let labels = (0..<count).map { Int32(($0 * 7 + Int(seed)) % network.classCount) }
    return (Tensor(shape: shape, data: pixels), labels)
}

/// Returns the CNN of the product's benchmarks: 1x28x28 → conv 16 → pool → conv 32 → pool →
/// dense 128 → dense 10, 3x3 kernels with padding 1.
func makeBenchmarkCNN() throws -> Network {
    try Network(architecture: Architecture(
        inputShape: [1, 28, 28], inputMean: 0.2860, inputStd: 0.3530,
        layers: [
            .conv2d(name: "conv1", inChannels: 1, outChannels: 16, kernel: 3, stride: 1,
                    padding: 1),
            .relu,
            .maxPool(kernel: 2, stride: 2),
            .conv2d(name: "conv2", inChannels: 16, outChannels: 32, kernel: 3, stride: 1,
                    padding: 1),
            .relu,
            .maxPool(kernel: 2, stride: 2),
            .flatten,
            .dense(name: "fc1", inputs: 1568, outputs: 128),
            .relu,
            .dense(name: "fc2", inputs: 128, outputs: 10),
        ]))
}

/// Returns He-normal weights and biases uniform in [-0.2, 0.2], so that a bias a fused
/// step drops or misplaces changes the logits.
func makeNetworkParameters(_ network: Network, seed: UInt64) -> Parameters {
    var parameters = network.initialParameters(seed: seed)
    for (index, name) in parameters.names.enumerated() where name.hasSuffix(".bias") {
        let count = parameters[name]!.shape[0]
        parameters[name] = Tensor(shape: [count],
                                  data: randomFloats(count, seed: seed + UInt64(index),
                                                     in: -0.2...0.2))
    }
    return parameters
}

/// Returns the logits of `network.layers` run one after another on the normalized images,
/// with the plain forward pass of each layer and each convolution changed by `configure`
/// first, for example to take the im2col + sgemm path.
func layerByLayerLogits(_ network: Network, images: Tensor, parameters: Parameters,
                        configure: (inout Conv2DLayer) -> Void = { _ in }) -> [Float] {
    let values = network.layerParameters(parameters)
    let mean = network.architecture.inputMean
    let std = network.architecture.inputStd
    let batch = images.shape[0]
    var activations = images.data.map { ($0 - mean) / std }
    for (layer, layerValues) in zip(network.layers, values) {
        var chosen = layer
        if var conv = layer as? Conv2DLayer {
            configure(&conv)
            chosen = conv
        }
        activations = chosen.forward(activations, batch: batch, parameters: layerValues)
    }
    return activations
}
