/// Average pooling over `kernel × kernel` windows moved by `stride`, without padding.
///
/// The output size per axis is `⌊(size − kernel) / stride⌋ + 1`, as in PyTorch's `AvgPool2d`.
/// Each output is the window's sum times `1/kernel²`, so NaN and infinity in a window spread
/// to its output as IEEE arithmetic does. The backward pass spreads each output gradient
/// times `1/kernel²` over its window, adding where windows overlap.
struct AvgPoolLayer: Layer {
    let channels: Int
    let height: Int
    let width: Int
    let kernel: Int
    let stride: Int

    var outputHeight: Int { (height - kernel) / stride + 1 }
    var outputWidth: Int { (width - kernel) / stride + 1 }

    var inputShape: [Int] { [channels, height, width] }
    var outputShape: [Int] { [channels, outputHeight, outputWidth] }
    var parameterShapes: [[Int]] { [] }

    func forward(_ input: UnsafePointer<Float>, batch: Int, parameters: [[Float]],
                 output: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        let scale = 1 / Float(kernel * kernel)
        let outputPlane = outputHeight * outputWidth
        for planeIndex in 0..<(batch * channels) {
            let plane = input + planeIndex * height * width
            let target = output + planeIndex * outputPlane
            target.update(repeating: 0, count: outputPlane)
            for row in 0..<outputHeight {
                let line = target + row * outputWidth
                for i in 0..<kernel {
                    for j in 0..<kernel {
                        let tap = plane + (row * stride + i) * width + j
                        for column in 0..<outputWidth { line[column] += tap[column * stride] }
                    }
                }
                for column in 0..<outputWidth { line[column] *= scale }
            }
        }
    }

    func backward(input: [Float], outputGradient: [Float], batch: Int, parameters: [[Float]],
                  computeInputGradient: Bool) -> LayerGradients {
        guard computeInputGradient else { return LayerGradients(input: nil, parameters: []) }
        let scale = 1 / Float(kernel * kernel)
        let outputPlane = outputHeight * outputWidth
        var inputGradient = [Float](repeating: 0, count: input.count)
        inputGradient.withUnsafeMutableBufferPointer { dx in
            outputGradient.withUnsafeBufferPointer { dy in
                for planeIndex in 0..<(batch * channels) {
                    let plane = dx.baseAddress! + planeIndex * height * width
                    let source = dy.baseAddress! + planeIndex * outputPlane
                    for row in 0..<outputHeight {
                        for i in 0..<kernel {
                            for j in 0..<kernel {
                                let tap = plane + (row * stride + i) * width + j
                                for column in 0..<outputWidth {
                                    tap[column * stride] += source[row * outputWidth + column]
                                        * scale
                                }
                            }
                        }
                    }
                }
            }
        }
        return LayerGradients(input: inputGradient, parameters: [])
    }
}
