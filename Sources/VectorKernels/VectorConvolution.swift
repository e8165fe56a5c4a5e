/// The vector kernel that computes one stride-1 convolution layer.
public enum VectorConvolution: Sendable {
    case direct(DirectConvolution)
    case winograd(WinogradConvolution)

    /// Input channels from which the Winograd transform beats the direct kernel. With one
    /// input channel, as in a first layer on grey images, each product sums a single term
    /// and the transforms cost more than they save.
    public static let winogradMinimumChannels = 4

    /// Picks the kernel for a layer: Winograd for 3x3 kernels on enough input channels,
    /// direct otherwise.
    public init(channels: Int, height: Int, width: Int, outChannels: Int, kernel: Int,
                padding: Int, stage: DirectConvolution.OutputStage, allowsWinograd: Bool) {
        if allowsWinograd && kernel == 3 && channels >= Self.winogradMinimumChannels {
            self = .winograd(WinogradConvolution(channels: channels, height: height,
                                                 width: width, outChannels: outChannels,
                                                 padding: padding, stage: stage))
        } else {
            self = .direct(DirectConvolution(channels: channels, height: height, width: width,
                                             outChannels: outChannels, kernel: kernel,
                                             padding: padding, stage: stage))
        }
    }

    public var outputShape: [Int] {
        switch self {
        case .direct(let kernel): kernel.outputShape
        case .winograd(let kernel): kernel.outputShape
        }
    }

    public var scratchCount: Int {
        switch self {
        case .direct(let kernel): kernel.scratchCount
        case .winograd(let kernel): kernel.scratchCount
        }
    }

    /// Runs the kernel; see `DirectConvolution.run`.
    public func run(_ input: UnsafePointer<Float>, images: Int, weight: UnsafePointer<Float>,
                    bias: UnsafePointer<Float>, affine: ChannelAffine? = nil,
                    output: UnsafeMutablePointer<Float>,
                    scratch: UnsafeMutablePointer<Float>) {
        switch self {
        case .direct(let kernel):
            kernel.run(input, images: images, weight: weight, bias: bias, affine: affine,
                       output: output, scratch: scratch)
        case .winograd(let kernel):
            kernel.run(input, images: images, weight: weight, bias: bias, affine: affine,
                       output: output, scratch: scratch)
        }
    }
}
