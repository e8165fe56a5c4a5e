import Numerics

/// The floating-point operations of one forward pass, counted from the architecture.
public enum ForwardCost {
    /// Returns 2·MACs per sample of the conv and dense layers of `network`.
    ///
    /// A conv layer makes outChannels·outHeight·outWidth outputs of inChannels·kernel²
    /// multiply-adds each, and a dense layer outputs·inputs. Biases, ReLU, pooling, the input
    /// normalization and the loss are left out. By a count of their operations, they would
    /// add about 2% for the built-in CNN.
    public static func flopsPerSample(_ network: Network) -> Double {
        var flops = 0.0
        for (index, layer) in network.architecture.layers.enumerated() {
            let outputs = Double(network.outputShapes[index].reduce(1, *))
            switch layer {
            case let .conv2d(_, inChannels, _, kernel, _, _):
                flops += 2 * outputs * Double(inChannels * kernel * kernel)
            case let .dense(_, inputs, _):
                flops += 2 * outputs * Double(inputs)
            case .relu, .maxPool, .flatten:
                break
            }
        }
        return flops
    }
}
