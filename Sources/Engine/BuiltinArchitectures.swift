import Numerics

/// Architectures that `landscape train --arch NAME` accepts by name, for 1x28x28 inputs.
public enum BuiltinArchitectures {
    /// Fashion-MNIST training-set pixel mean and standard deviation.
    public static let fashionMean: Float = 0.2860
    public static let fashionStd: Float = 0.3530

    public static let names = ["cnn", "mlp", "resnet", "resnet-noskip", "resnet-narrow",
                               "resnet-narrow-noskip"]

    /// The stage widths of `resnet-narrow`: the same 20 weighted layers, a quarter of the
    /// work, so that it trains in minutes per epoch on two cores.
    public static let narrowWidths = [8, 16, 32]

    /// Returns the architecture called `name`, or nil.
    public static func named(_ name: String) -> Architecture? {
        switch name {
        case "cnn": return cnn
        case "mlp": return mlp
        case "resnet": return resnet(skipConnections: true)
        case "resnet-noskip": return resnet(skipConnections: false)
        case "resnet-narrow": return resnet(skipConnections: true, widths: narrowWidths)
        case "resnet-narrow-noskip": return resnet(skipConnections: false, widths: narrowWidths)
        default: return nil
        }
    }

    /// conv 3x3 16, max pool, conv 3x3 32, max pool, dense 1568-128, dense 128-10.
    public static let cnn = Architecture(
        inputShape: [1, 28, 28], inputMean: fashionMean, inputStd: fashionStd,
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
        ])

    /// Dense 784-512-256-10 with ReLU.
    public static let mlp = Architecture(
        inputShape: [1, 28, 28], inputMean: fashionMean, inputStd: fashionStd,
        layers: [
            .flatten,
            .dense(name: "fc1", inputs: 784, outputs: 512),
            .relu,
            .dense(name: "fc2", inputs: 512, outputs: 256),
            .relu,
            .dense(name: "fc3", inputs: 256, outputs: 10),
        ])
}

extension BuiltinArchitectures {
    /// ResNet-20 as He et al. (2016) built it for CIFAR-10, on 1x28x28 inputs: a 3x3 conv
    /// with 16 channels, BatchNorm and ReLU, then three stages of three basic blocks with 16,
    /// 32 and 64 channels (28x28, 14x14, 7x7), global average pooling and dense 64-10, 20
    /// weighted layers and 272,874 parameters.
    ///
    /// A basic block is conv 3x3, BatchNorm, ReLU, conv 3x3, BatchNorm, added to the shortcut,
    /// then ReLU. The first block of stages 2 and 3 has stride 2 and a projection shortcut
    /// (1x1 conv and BatchNorm); the others add their input. Without skip connections every
    /// shortcut is `.none`, the plain twin Li et al. (2018) compare against. Tensor names
    /// follow torchvision: `layer2.0.conv1.weight`, `layer2.0.shortcut.weight`. Convs keep a
    /// bias, unlike torchvision, which adds 0.6% to the 0.27M parameters.
    ///
    /// NOTE: one training epoch of 60,000 images takes about 6 to 8 minutes on one core
    /// (130 to 160 images per second of thread CPU time at batch 128, AMD EPYC, OpenBLAS
    /// with one thread). Widths 8, 16 and 32 give 0.07M parameters and about 2 minutes.
    ///
    /// - Parameters:
    ///   - widths: The channels of the three stages.
    public static func resnet(skipConnections: Bool, widths: [Int] = [16, 32, 64])
        -> Architecture {
        var layers: [LayerSpec] = [
            .conv2d(name: "conv1", inChannels: 1, outChannels: widths[0], kernel: 3,
                    stride: 1, padding: 1),
            .batchNorm(name: "bn1", channels: widths[0]),
            .relu,
        ]
        var inChannels = widths[0]
        for (stage, channels) in widths.enumerated() {
            for block in 0..<3 {
                let stride = stage > 0 && block == 0 ? 2 : 1
                layers.append(basicBlock(name: "layer\(stage + 1).\(block)",
                                         inChannels: inChannels, outChannels: channels,
                                         stride: stride, skipConnection: skipConnections))
                inChannels = channels
            }
        }
        layers += [.globalAvgPool, .dense(name: "fc", inputs: inChannels, outputs: 10)]
        return Architecture(inputShape: [1, 28, 28], inputMean: fashionMean,
                            inputStd: fashionStd, layers: layers)
    }

    /// Returns one basic block, whose shortcut is a projection when the shape changes.
    private static func basicBlock(name: String, inChannels: Int, outChannels: Int,
                                   stride: Int, skipConnection: Bool) -> LayerSpec {
        let body: [LayerSpec] = [
            .conv2d(name: "conv1", inChannels: inChannels, outChannels: outChannels,
                    kernel: 3, stride: stride, padding: 1),
            .batchNorm(name: "bn1", channels: outChannels),
            .relu,
            .conv2d(name: "conv2", inChannels: outChannels, outChannels: outChannels,
                    kernel: 3, stride: 1, padding: 1),
            .batchNorm(name: "bn2", channels: outChannels),
        ]
        let changesShape = stride != 1 || inChannels != outChannels
        let shortcut: Shortcut = !skipConnection ? .none
            : changesShape ? .projection(stride: stride, batchNorm: true) : .identity
        return .residual(name: name, body: body, shortcut: shortcut)
    }
}
