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

    /// Returns the outputs for `batch` samples.
    func forward(_ input: [Float], batch: Int, parameters: [[Float]]) -> [Float]

    /// Returns the gradients of a scalar loss with respect to the input and the parameters,
    /// given the input of the forward pass and the loss gradient with respect to its output.
    ///
    /// The input gradient is `nil` when `computeInputGradient` is false, which saves the
    /// first layer of a network a product that nobody reads.
    func backward(input: [Float], outputGradient: [Float], batch: Int, parameters: [[Float]],
                  computeInputGradient: Bool) -> LayerGradients
}

/// Gradients of a scalar loss with respect to one layer's input and parameters.
struct LayerGradients {
    /// Same layout as the layer's input, or `nil` when not requested.
    var input: [Float]?

    /// One array per parameter tensor, in the order of `Layer.parameterShapes`.
    var parameters: [[Float]]
}
