/// Whether BatchNorm layers normalize with the statistics of the batch or the running ones.
///
/// Layers without BatchNorm compute the same in both modes.
public enum BatchNormMode: Sendable {
    /// Batch mean and biased variance per channel. The pass also returns the batch
    /// statistics that update the running ones. This is PyTorch's `model.train()`.
    case training
    /// The stored running mean and variance, so each sample's output depends on that sample
    /// alone. This is PyTorch's `model.eval()`, and what every landscape evaluation uses.
    case evaluation
}

/// The forward and backward passes of one layer over a batch of activations.
///
/// Activations are flat arrays with the batch axis first, each sample row-major in
/// `inputShape` or `outputShape`. The tensor values a layer receives, named `parameters`
/// below, are those of `parameterShapes` followed by those of `bufferShapes`, already checked
/// against those shapes. Layers hold no mutable state, so one layer may run on several
/// threads at once. Callers pass `batch ≥ 1`.
protocol Layer {
    /// Shape of one input sample.
    var inputShape: [Int] { get }

    /// Shape of one output sample.
    var outputShape: [Int] { get }

    /// Shapes of the trainable tensors the layer reads, in order, or empty when it has none.
    var parameterShapes: [[Int]] { get }

    /// Shapes of the running statistics the layer reads after its parameters, in order.
    var bufferShapes: [[Int]] { get }

    /// Returns the number of floats of scratch space `forward` needs for `batch` samples.
    func scratchCount(batch: Int) -> Int

    /// Writes the evaluation-mode outputs for `batch` samples to `output`, which must not
    /// overlap `input`.
    ///
    /// The caller owns all three buffers, so the inference path can reuse them from one block
    /// of images to the next instead of allocating per layer.
    func forward(_ input: UnsafePointer<Float>, batch: Int, parameters: [[Float]],
                 output: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>)

    /// Returns the evaluation-mode outputs for `batch` samples in a new array.
    func forward(_ input: [Float], batch: Int, parameters: [[Float]]) -> [Float]

    /// Runs the forward pass of the training path in `mode` and returns the output with what
    /// the backward pass and the running-statistics update need.
    func record(_ input: [Float], batch: Int, parameters: [[Float]],
                mode: BatchNormMode) -> LayerRecord

    /// Returns the gradients of a scalar loss with respect to the input and the parameters
    /// in evaluation mode, given the input of the forward pass and the loss gradient with
    /// respect to its output.
    ///
    /// The input gradient is `nil` when `computeInputGradient` is false. The first layer of a
    /// network skips it, because no parameter depends on it. Buffers get no gradient.
    func backward(input: [Float], outputGradient: [Float], batch: Int, parameters: [[Float]],
                  computeInputGradient: Bool) -> LayerGradients

    /// Returns the gradients as the evaluation-mode `backward` does, for the pass in `mode`
    /// that `record` describes.
    func backward(input: [Float], record: LayerRecord, outputGradient: [Float], batch: Int,
                  parameters: [[Float]], mode: BatchNormMode,
                  computeInputGradient: Bool) -> LayerGradients
}

extension Layer {
    /// Values in one input sample.
    var inputCount: Int { inputShape.reduce(1, *) }

    /// Values in one output sample.
    var outputCount: Int { outputShape.reduce(1, *) }

    var bufferShapes: [[Int]] { [] }

    func scratchCount(batch: Int) -> Int { 0 }

    func forward(_ input: [Float], batch: Int, parameters: [[Float]]) -> [Float] {
        let scratch = UnsafeMutablePointer<Float>.allocate(
            capacity: max(1, scratchCount(batch: batch)))
        defer { scratch.deallocate() }
        return makeFloats(count: batch * outputCount) { output in
            input.withUnsafeBufferPointer { x in
                forward(x.baseAddress!, batch: batch, parameters: parameters, output: output,
                        scratch: scratch)
            }
        }
    }

    /// Records only the output, for layers that compute the same in both modes.
    func record(_ input: [Float], batch: Int, parameters: [[Float]],
                mode: BatchNormMode) -> LayerRecord {
        LayerRecord(output: forward(input, batch: batch, parameters: parameters))
    }

    /// Calls the evaluation-mode `backward`, for layers that compute the same in both modes.
    func backward(input: [Float], record: LayerRecord, outputGradient: [Float], batch: Int,
                  parameters: [[Float]], mode: BatchNormMode,
                  computeInputGradient: Bool) -> LayerGradients {
        backward(input: input, outputGradient: outputGradient, batch: batch,
                 parameters: parameters, computeInputGradient: computeInputGradient)
    }
}

/// The output of a training-path forward pass, with what its backward pass reuses.
struct LayerRecord {
    /// Same layout as the layer's output.
    var output: [Float]

    /// Per-layer values kept for the backward pass, such as BatchNorm's batch mean and
    /// inverse standard deviation.
    var saved: [[Float]] = []

    /// The records of the layers inside a residual block: body layers, then shortcut layers.
    var nested: [LayerRecord] = []

    /// In training mode, one array per buffer in `bufferShapes` order: the batch mean and
    /// the unbiased batch variance of each BatchNorm. Empty in evaluation mode.
    var batchStatistics: [[Float]] = []
}

/// Gradients of a scalar loss with respect to one layer's input and parameters.
struct LayerGradients {
    /// Same layout as the layer's input, or `nil` when not requested.
    var input: [Float]?

    /// One array per parameter tensor, in the order of `Layer.parameterShapes`.
    var parameters: [[Float]]
}
