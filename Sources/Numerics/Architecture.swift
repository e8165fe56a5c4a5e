/// One layer of a network as a model file describes it.
///
/// Layers with parameters name them `<name>.weight` and `<name>.bias`, as PyTorch's
/// `state_dict()` does. BatchNorm layers also name two buffers, `<name>.running_mean` and
/// `<name>.running_var`. The layers inside a residual block prefix their names with the
/// block's name and a dot, so body conv `conv1` of block `layer1.0` owns
/// `layer1.0.conv1.weight`, as in torchvision's ResNet.
public indirect enum LayerSpec: Equatable {
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
    /// Per-channel normalization of `[C, H, W]` samples with scale `<name>.weight` and shift
    /// `<name>.bias`, both `[channels]`, as PyTorch's `BatchNorm2d` with eps 1e-5 and
    /// momentum 0.1.
    case batchNorm(name: String, channels: Int)
    /// Mean over `kernel × kernel` windows, no padding, floor of the output size.
    case avgPool(kernel: Int, stride: Int)
    /// Mean over each channel's whole plane: `[C, H, W]` to the flat `[C]`.
    case globalAvgPool
    /// `relu(body(x) + shortcut(x))`, a residual block of He et al. (2016) with its final
    /// ReLU inside the block.
    case residual(name: String, body: [LayerSpec], shortcut: Shortcut)

    /// The type name used in the architecture JSON.
    public var typeName: String {
        switch self {
        case .dense: return "dense"
        case .conv2d: return "conv2d"
        case .relu: return "relu"
        case .maxPool: return "maxpool"
        case .flatten: return "flatten"
        case .batchNorm: return "batchnorm"
        case .avgPool: return "avgpool"
        case .globalAvgPool: return "globalavgpool"
        case .residual: return "residual"
        }
    }

    /// Every layer type name the program supports, for error messages.
    public static let supportedTypeNames = [
        "avgpool", "batchnorm", "conv2d", "dense", "flatten", "globalavgpool", "maxpool",
        "relu", "residual",
    ]

    /// The trainable tensors this layer reads, with their shapes.
    ///
    /// A residual block lists its body's tensors in body order, then its projection's.
    public var parameterShapes: [(String, [Int])] {
        switch self {
        case let .dense(name, inputs, outputs):
            return [("\(name).weight", [outputs, inputs]), ("\(name).bias", [outputs])]
        case let .conv2d(name, inChannels, outChannels, kernel, _, _):
            return [("\(name).weight", [outChannels, inChannels, kernel, kernel]),
                    ("\(name).bias", [outChannels])]
        case let .batchNorm(name, channels):
            return [("\(name).weight", [channels]), ("\(name).bias", [channels])]
        case let .residual(name, body, shortcut):
            // The projection conv has no bias, as in torchvision's ResNet.
            let projection = Self.shortcutLayers(shortcut, body: body).flatMap(\.parameterShapes)
                .filter { $0.0 != "shortcut.bias" }
            let inner = body.flatMap(\.parameterShapes) + projection
            return inner.map { ("\(name).\($0.0)", $0.1) }
        case .relu, .maxPool, .flatten, .avgPool, .globalAvgPool:
            return []
        }
    }

    /// The running statistics this layer reads, with their shapes: tensors stored in the
    /// model file that are not trained by gradients and not moved by directions.
    public var bufferShapes: [(String, [Int])] {
        switch self {
        case let .batchNorm(name, channels):
            return [("\(name).running_mean", [channels]), ("\(name).running_var", [channels])]
        case let .residual(name, body, shortcut):
            let inner = body.flatMap(\.bufferShapes)
                + Self.shortcutLayers(shortcut, body: body).flatMap(\.bufferShapes)
            return inner.map { ("\(name).\($0.0)", $0.1) }
        case .dense, .conv2d, .relu, .maxPool, .flatten, .avgPool, .globalAvgPool:
            return []
        }
    }

    /// The channels a layer expects at its input, for layers that declare them.
    var declaredInputChannels: Int? {
        switch self {
        case let .conv2d(_, inChannels, _, _, _, _): return inChannels
        case let .batchNorm(_, channels): return channels
        case let .residual(_, body, _): return body.lazy.compactMap(\.declaredInputChannels).first
        default: return nil
        }
    }

    /// The channels a layer outputs, for layers that declare them.
    var declaredOutputChannels: Int? {
        switch self {
        case let .conv2d(_, _, outChannels, _, _, _): return outChannels
        case let .batchNorm(_, channels): return channels
        case let .residual(_, body, _):
            return body.reversed().lazy.compactMap(\.declaredOutputChannels).first
        default: return nil
        }
    }
}

/// The branch that a residual block adds to its body's output.
public enum Shortcut: Equatable {
    /// The block's input, unchanged. Needs a body that keeps the input shape.
    case identity
    /// A 1x1 convolution without bias, weight `<block>.shortcut.weight`, with the given
    /// stride, followed, when `batchNorm` is set, by a BatchNorm named `<block>.shortcut.bn`.
    /// Its channels are those of the body's first and last layers that declare channels.
    case projection(stride: Int, batchNorm: Bool)
    /// Nothing: the block computes `relu(body(x))`, the no-skip twin of a residual network
    /// that Li et al. (2018) compare against.
    case none
}

extension LayerSpec {
    /// Returns the layers of a projection shortcut as they would appear in a body, with
    /// names relative to the block: the 1x1 conv (whose bias is dropped) and its BatchNorm.
    ///
    /// Channel counts that the body does not declare are 0, which `Network` rejects.
    public static func shortcutLayers(_ shortcut: Shortcut, body: [LayerSpec]) -> [LayerSpec] {
        guard case let .projection(stride, batchNorm) = shortcut else { return [] }
        let inChannels = body.lazy.compactMap(\.declaredInputChannels).first ?? 0
        let outChannels = body.reversed().lazy.compactMap(\.declaredOutputChannels).first ?? 0
        let conv = LayerSpec.conv2d(name: "shortcut", inChannels: inChannels,
                                    outChannels: outChannels, kernel: 1, stride: stride,
                                    padding: 0)
        guard batchNorm else { return [conv] }
        return [conv, .batchNorm(name: "shortcut.bn", channels: outChannels)]
    }
}

/// The structure of a network: its input, its input normalization and its layers.
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

    /// Every buffer (BatchNorm running statistics) in layer order, with its shape.
    public var bufferShapes: [(String, [Int])] { layers.flatMap(\.bufferShapes) }
}

/// A trained (or freshly initialized) network: architecture, parameter values and buffers.
///
/// `parameters` are what gradients, optimizers and directions change. `buffers` are the
/// BatchNorm running statistics, which only a training-mode pass updates. They are empty
/// for an architecture without BatchNorm.
public struct Model: Equatable {
    public var architecture: Architecture
    public var parameters: Parameters
    public var buffers: Parameters

    public init(architecture: Architecture, parameters: Parameters,
                buffers: Parameters = Parameters()) {
        self.architecture = architecture
        self.parameters = parameters
        self.buffers = buffers
    }
}
