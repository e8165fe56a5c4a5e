/// The mean of each channel's `H × W` plane: `[C, H, W]` to the flat `[C]`.
///
/// The output is flat so that a dense layer can follow directly (a flatten in between
/// changes nothing), like PyTorch's `AdaptiveAvgPool2d(1)` followed by `flatten(1)`. Sums
/// accumulate in Double. NaN or infinity in a plane makes its mean NaN or infinite.
struct GlobalAvgPoolLayer: Layer {
    let channels: Int
    let height: Int
    let width: Int

    var inputShape: [Int] { [channels, height, width] }
    var outputShape: [Int] { [channels] }
    var parameterShapes: [[Int]] { [] }

    func forward(_ input: UnsafePointer<Float>, batch: Int, parameters: [[Float]],
                 output: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        let size = height * width
        for planeIndex in 0..<(batch * channels) {
            let plane = input + planeIndex * size
            var sum = 0.0
            for index in 0..<size { sum += Double(plane[index]) }
            output[planeIndex] = Float(sum / Double(size))
        }
    }

    func backward(input: [Float], outputGradient: [Float], batch: Int, parameters: [[Float]],
                  computeInputGradient: Bool) -> LayerGradients {
        guard computeInputGradient else { return LayerGradients(input: nil, parameters: []) }
        let size = height * width
        let scale = 1 / Float(size)
        let inputGradient = makeFloats(count: input.count) { dx in
            for planeIndex in 0..<(batch * channels) {
                let value = outputGradient[planeIndex] * scale
                (dx + planeIndex * size).update(repeating: value, count: size)
            }
        }
        return LayerGradients(input: inputGradient, parameters: [])
    }
}
