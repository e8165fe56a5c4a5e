/// Reshapes each sample to one dimension, `[C, H, W]` to `[C·H·W]`, without moving data.
struct FlattenLayer: Layer {
    let inputShape: [Int]

    var outputShape: [Int] { [inputShape.reduce(1, *)] }
    var parameterShapes: [[Int]] { [] }

    func forward(_ input: [Float], batch: Int, parameters: [[Float]]) -> [Float] {
        input
    }

    func backward(input: [Float], outputGradient: [Float], batch: Int, parameters: [[Float]],
                  computeInputGradient: Bool) -> LayerGradients {
        LayerGradients(input: computeInputGradient ? outputGradient : nil, parameters: [])
    }
}
