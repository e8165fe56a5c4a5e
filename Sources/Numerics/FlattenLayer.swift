/// Reshapes each sample to one dimension, `[C, H, W]` to `[C·H·W]`, keeping the order.
struct FlattenLayer: Layer {
    let inputShape: [Int]

    var outputShape: [Int] { [inputShape.reduce(1, *)] }
    var parameterShapes: [[Int]] { [] }

    func forward(_ input: UnsafePointer<Float>, batch: Int, parameters: [[Float]],
                 output: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        output.update(from: input, count: batch * outputCount)
    }

    /// Returns `input` itself, which shares its storage instead of copying it.
    func forward(_ input: [Float], batch: Int, parameters: [[Float]]) -> [Float] {
        input
    }

    func backward(input: [Float], outputGradient: [Float], batch: Int, parameters: [[Float]],
                  computeInputGradient: Bool) -> LayerGradients {
        LayerGradients(input: computeInputGradient ? outputGradient : nil, parameters: [])
    }
}
