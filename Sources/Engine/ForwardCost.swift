import Numerics

/// The floating-point operations of one forward pass, counted from the architecture.
public enum ForwardCost {
    /// Returns 2·MACs per sample of the conv and dense layers of `network`, residual
    /// bodies and projection shortcuts included.
    ///
    /// A conv layer makes outChannels·outHeight·outWidth outputs of inChannels·kernel²
    /// multiply-adds each, and a dense layer outputs·inputs. Biases, ReLU, pooling, batch
    /// normalization, the input normalization and the loss are left out. By a count of their
    /// operations, they would add about 2% for the built-in CNN.
    public static func flopsPerSample(_ network: Network) -> Double {
        cost(of: network.architecture.layers, input: network.architecture.inputShape).flops
    }

    /// Returns the FLOPs of `layers` and their output shape for a `[C, H, W]` or flat input.
    private static func cost(of layers: [LayerSpec], input: [Int]) -> (flops: Double,
                                                                         shape: [Int]) {
        var flops = 0.0
        var shape = input
        for layer in layers {
            let step = cost(of: layer, input: shape)
            flops += step.flops
            shape = step.shape
        }
        return (flops, shape)
    }

    private static func cost(of layer: LayerSpec, input shape: [Int]) -> (flops: Double,
                                                                        shape: [Int]) {
        switch layer {
        case let .conv2d(_, inChannels, outChannels, kernel, stride, padding):
            let height = (height(shape) + 2 * padding - kernel) / stride + 1
            let width = (width(shape) + 2 * padding - kernel) / stride + 1
            let outputs = Double(outChannels * height * width)
            return (2 * outputs * Double(inChannels * kernel * kernel),
                    [outChannels, height, width])
        case let .dense(_, inputs, outputs):
            return (2 * Double(inputs * outputs), [outputs])
        case let .maxPool(kernel, stride), let .avgPool(kernel, stride):
            return (0, [shape[0], (height(shape) - kernel) / stride + 1,
                        (width(shape) - kernel) / stride + 1])
        case .globalAvgPool:
            return (0, [shape[0]])
        case .flatten:
            return (0, [shape.reduce(1, *)])
        case .relu, .batchNorm:
            return (0, shape)
        case let .residual(_, body, shortcut):
            let main = cost(of: body, input: shape)
            guard case .projection = shortcut else { return main }
            // A 1x1 convolution from the block's input channels to each output value.
            let outputs = main.shape.reduce(1, *)
            return (main.flops + 2 * Double(outputs * shape[0]), main.shape)
        }
    }

    private static func height(_ shape: [Int]) -> Int { shape.count == 3 ? shape[1] : 1 }

    private static func width(_ shape: [Int]) -> Int { shape.count == 3 ? shape[2] : 1 }
}
