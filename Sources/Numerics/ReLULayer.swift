/// The rectifier `y = max(x, 0)`, elementwise, on any sample shape.
///
/// NaN inputs stay NaN, as in PyTorch, so a diverged network shows a NaN loss instead of a
/// plausible one. The gradient passes where `x > 0` and is zero elsewhere, including at 0 and
/// at NaN.
struct ReLULayer: Layer {
    let shape: [Int]

    var inputShape: [Int] { shape }
    var outputShape: [Int] { shape }
    var parameterShapes: [[Int]] { [] }

    func forward(_ input: UnsafePointer<Float>, batch: Int, parameters: [[Float]],
                 output: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        for index in 0..<(batch * outputCount) {
            let value = input[index]
            output[index] = value < 0 ? 0 : value
        }
    }

    func backward(input: [Float], outputGradient: [Float], batch: Int, parameters: [[Float]],
                  computeInputGradient: Bool) -> LayerGradients {
        guard computeInputGradient else { return LayerGradients(input: nil, parameters: []) }
        let inputGradient = makeFloats(count: input.count) { dx in
            input.withUnsafeBufferPointer { x in
                outputGradient.withUnsafeBufferPointer { dy in
                    for index in 0..<x.count {
                        // Loading the gradient before the comparison makes this a select,
                        // not a branch. On random signs the branch mispredicted so often that
                        // the loop ran about 15 times slower.
                        let gradient = dy[index]
                        dx[index] = x[index] > 0 ? gradient : 0
                    }
                }
            }
        }
        return LayerGradients(input: inputGradient, parameters: [])
    }
}
