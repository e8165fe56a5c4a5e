import Numerics

/// Architectures that `landscape train --arch NAME` accepts by name, for 1x28x28 inputs.
public enum BuiltinArchitectures {
    /// Fashion-MNIST training-set pixel mean and standard deviation.
    public static let fashionMean: Float = 0.2860
    public static let fashionStd: Float = 0.3530

    public static let names = ["cnn", "mlp"]

    /// Returns the architecture called `name`, or nil.
    public static func named(_ name: String) -> Architecture? {
        switch name {
        case "cnn": return cnn
        case "mlp": return mlp
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
