/// One layer of a network as a model file describes it.
///
/// Layers with parameters name them `<name>.weight` and `<name>.bias`, as PyTorch's
/// `state_dict()` does.
public enum LayerSpec: Equatable {
    /// `y = x·Wᵀ + b` with `W` of shape `[outputs, inputs]`.
    case dense(name: String, inputs: Int, outputs: Int)
    /// Cross-correlation with weight `[outChannels, inChannels, kernel, kernel]`.
    case conv2d(name: String, inChannels: Int, outChannels: Int,
                kernel: Int, stride: Int, padding: Int)
    case relu
    /// Max over `kernel × kernel` windows, no padding, floor of the output size.
    case maxPool(kernel: Int, stride: Int)
    /// `[N, C, H, W]` to `[N, C·H·W]`.
    case flatten

    /// The type name used in the architecture JSON.
    public var typeName: String {
        switch self {
        case .dense: return "dense"
        case .conv2d: return "conv2d"
        case .relu: return "relu"
        case .maxPool: return "maxpool"
        case .flatten: return "flatten"
        }
    }

    /// Every layer type name the program supports, for error messages.
    public static let supportedTypeNames = ["conv2d", "dense", "flatten", "maxpool", "relu"]

    /// The parameter tensors this layer reads, with their shapes.
    public var parameterShapes: [(String, [Int])] {
        switch self {
        case let .dense(name, inputs, outputs):
            return [("\(name).weight", [outputs, inputs]), ("\(name).bias", [outputs])]
        case let .conv2d(name, inChannels, outChannels, kernel, _, _):
            return [("\(name).weight", [outChannels, inChannels, kernel, kernel]),
                    ("\(name).bias", [outChannels])]
        case .relu, .maxPool, .flatten:
            return []
        }
    }
}

/// What a network computes: its input, its layers and its class count.
public struct Architecture: Equatable {
    /// Shape of one input sample, `[channels, height, width]`.
    public var inputShape: [Int]
    /// Input normalization applied to raw pixels in [0, 1]: `(x − mean) / std`.
    public var inputMean: Float
    public var inputStd: Float
    public var layers: [LayerSpec]

    public init(inputShape: [Int], inputMean: Float, inputStd: Float, layers: [LayerSpec]) {
        self.inputShape = inputShape
        self.inputMean = inputMean
        self.inputStd = inputStd
        self.layers = layers
    }

    /// Every parameter tensor in layer order, with its shape.
    public var parameterShapes: [(String, [Int])] { layers.flatMap(\.parameterShapes) }
}

/// A trained (or freshly initialized) network: architecture plus parameter values.
public struct Model: Equatable {
    public var architecture: Architecture
    public var parameters: Parameters

    public init(architecture: Architecture, parameters: Parameters) {
        self.architecture = architecture
        self.parameters = parameters
    }
}
