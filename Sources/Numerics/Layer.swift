/// The forward and backward passes of one layer over a batch of activations.
///
/// Activations are flat arrays with the batch axis first, each sample row-major in
/// `inputShape` or `outputShape`. Parameter values arrive in the order of `parameterShapes`
/// (weight, then bias), already checked against those shapes. Layers hold no mutable state,
/// so one layer may run on several threads at once. Callers pass `batch ≥ 1`.
protocol Layer {
    /// Shape of one input sample.
    var inputShape: [Int] { get }

    /// Shape of one output sample.
    var outputShape: [Int] { get }

    /// Shapes of the parameter tensors the layer reads, in order; empty when it has none.
    var parameterShapes: [[Int]] { get }

    /// Returns the number of floats of scratch space `forward` needs for `batch` samples.
    func scratchCount(batch: Int) -> Int

    /// Writes the outputs for `batch` samples to `output`, which must not overlap `input`.
    ///
    /// The caller owns all three buffers, so the inference path can reuse them from one block
    /// of images to the next instead of allocating per layer.
    func forward(_ input: UnsafePointer<Float>, batch: Int, parameters: [[Float]],
                 output: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>)

    /// Returns the outputs for `batch` samples in a new array, for the training path, which
    /// keeps every activation for the backward pass.
    func forward(_ input: [Float], batch: Int, parameters: [[Float]]) -> [Float]

    /// Returns the gradients of a scalar loss with respect to the input and the parameters,
    /// given the input of the forward pass and the loss gradient with respect to its output.
    ///
    /// The input gradient is `nil` when `computeInputGradient` is false. The first layer of a
    /// network skips it, because no parameter depends on it.
    func backward(input: [Float], outputGradient: [Float], batch: Int, parameters: [[Float]],
                  computeInputGradient: Bool) -> LayerGradients
}

extension Layer {
    /// Values in one input sample.
    var inputCount: Int { inputShape.reduce(1, *) }

    /// Values in one output sample.
    var outputCount: Int { outputShape.reduce(1, *) }

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
}

/// Gradients of a scalar loss with respect to one layer's input and parameters.
struct LayerGradients {
    /// Same layout as the layer's input, or `nil` when not requested.
    var input: [Float]?

    /// One array per parameter tensor, in the order of `Layer.parameterShapes`.
    var parameters: [[Float]]
}
