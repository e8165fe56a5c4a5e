import VectorKernels

/// A stride-1 convolution on a vector kernel with the evaluation-mode BatchNorm after it, and
/// the ReLU or ReLU and 2x2 max pool that `conv.outputStage` names, as one inference step.
///
/// The kernel applies BatchNorm's per-channel `x * scale + shift` to its values in registers,
/// with `scale` and `shift` computed as `BatchNormLayer.forward` computes them, so the outputs
/// equal those of the separate layers. A running variance at or below `−eps` makes only its
/// own channel NaN or infinite, as in `BatchNormLayer`. Only the inference plan builds this
/// layer. The training path, the backward pass and the R-pass use the separate layers, so
/// `record` and `backward` stop the program.
struct ConvBatchNormLayer: Layer {
    let conv: Conv2DLayer
    let batchNorm: BatchNormLayer

    /// The convolution's vector kernel, with the output stage of `conv`.
    private let kernel: VectorConvolution

    /// Returns nil when `conv` has no vector kernel, as for stride 2 or without AVX2 and FMA.
    init?(conv: Conv2DLayer, batchNorm: BatchNormLayer) {
        guard let kernel = conv.direct else { return nil }
        self.conv = conv
        self.batchNorm = batchNorm
        self.kernel = kernel
    }

    var inputShape: [Int] { conv.inputShape }
    var outputShape: [Int] { conv.outputShape }

    /// The convolution's parameters, then BatchNorm's, as `ResidualLayer` lists its children's.
    var parameterShapes: [[Int]] { conv.parameterShapes + batchNorm.parameterShapes }
    var bufferShapes: [[Int]] { batchNorm.bufferShapes }

    func scratchCount(batch: Int) -> Int { kernel.scratchCount }

    /// Runs the step on `parameters`: the convolution's weight and optional bias, then
    /// BatchNorm's γ, β, running mean and running variance.
    func forward(_ input: UnsafePointer<Float>, batch: Int, parameters: [[Float]],
                 output: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        let convCount = conv.parameterShapes.count
        let (scale, shift) = batchNorm.evaluationAffine(Array(parameters[convCount...]))
        let affine = ChannelAffine(scale: scale, shift: shift)
        let bias = conv.hasBias ? parameters[1] : [Float](repeating: 0, count: conv.outChannels)
        parameters[0].withUnsafeBufferPointer { weight in
            bias.withUnsafeBufferPointer { bias in
                kernel.run(input, images: batch, weight: weight.baseAddress!,
                           bias: bias.baseAddress!, affine: affine, output: output,
                           scratch: scratch)
            }
        }
    }

    func record(_ input: [Float], batch: Int, parameters: [[Float]],
                mode: BatchNormMode) -> LayerRecord {
        preconditionFailure("the fused convolution and BatchNorm runs on the inference path only")
    }

    func backward(input: [Float], outputGradient: [Float], batch: Int, parameters: [[Float]],
                  computeInputGradient: Bool) -> LayerGradients {
        preconditionFailure("the fused convolution and BatchNorm runs on the inference path only")
    }

    func backward(input: [Float], record: LayerRecord, outputGradient: [Float], batch: Int,
                  parameters: [[Float]], mode: BatchNormMode,
                  computeInputGradient: Bool) -> LayerGradients {
        preconditionFailure("the fused convolution and BatchNorm runs on the inference path only")
    }
}
