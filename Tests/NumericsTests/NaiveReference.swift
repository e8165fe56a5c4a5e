import Foundation

/// Straightforward loop implementations in Double, written from the definitions and sharing
/// no code with the library, for the layer tests to compare against. Layouts are NCHW and
/// PyTorch's weight layouts.
enum NaiveReference {
    /// `y[n, o] = b[o] + Σ_i x[n, i] · W[o, i]`.
    static func dense(_ x: [Double], batch: Int, inputs: Int, outputs: Int,
                      weight: [Float], bias: [Float]) -> [Double] {
        var y = [Double](repeating: 0, count: batch * outputs)
        for n in 0..<batch {
            for o in 0..<outputs {
                var sum = Double(bias[o])
                for i in 0..<inputs { sum += x[n * inputs + i] * Double(weight[o * inputs + i]) }
                y[n * outputs + o] = sum
            }
        }
        return y
    }

    /// Sizes of a convolution input and its window.
    struct ConvShape {
        var channels: Int
        var height: Int
        var width: Int
        var outChannels: Int
        var kernel: Int
        var stride: Int
        var padding: Int

        var outputHeight: Int { (height + 2 * padding - kernel) / stride + 1 }
        var outputWidth: Int { (width + 2 * padding - kernel) / stride + 1 }
    }

    /// `y[n, o, r, c] = b[o] + Σ x[n, ch, r·s − p + i, c·s − p + j] · W[o, ch, i, j]`, with
    /// x read as zero outside the image.
    static func conv2d(_ x: [Double], batch: Int, shape: ConvShape,
                       weight: [Float], bias: [Float]) -> [Double] {
        let (outH, outW) = (shape.outputHeight, shape.outputWidth)
        let k = shape.kernel
        var y: [Double] = []
        for n in 0..<batch {
            for o in 0..<shape.outChannels {
                for r in 0..<outH {
                    for c in 0..<outW {
                        var sum = Double(bias[o])
                        for ch in 0..<shape.channels {
                            for i in 0..<k {
                                for j in 0..<k {
                                    let row = r * shape.stride - shape.padding + i
                                    let column = c * shape.stride - shape.padding + j
                                    guard row >= 0, row < shape.height,
                                          column >= 0, column < shape.width else { continue }
                                    let xIndex = ((n * shape.channels + ch) * shape.height + row)
                                        * shape.width + column
                                    let wIndex = ((o * shape.channels + ch) * k + i) * k + j
                                    sum += x[xIndex] * Double(weight[wIndex])
                                }
                            }
                        }
                        y.append(sum)
                    }
                }
            }
        }
        return y
    }

    /// Returns the maximum of each `kernel × kernel` window moved by `stride`, without
    /// padding, with the floor of the output size.
    static func maxPool(_ x: [Double], batch: Int, channels: Int, height: Int, width: Int,
                        kernel: Int, stride: Int) -> [Double] {
        let outH = (height - kernel) / stride + 1
        let outW = (width - kernel) / stride + 1
        var y: [Double] = []
        for plane in 0..<(batch * channels) {
            for r in 0..<outH {
                for c in 0..<outW {
                    var best = -Double.infinity
                    for i in 0..<kernel {
                        for j in 0..<kernel {
                            let index = (plane * height + r * stride + i) * width + c * stride + j
                            best = max(best, x[index])
                        }
                    }
                    y.append(best)
                }
            }
        }
        return y
    }

    static func relu(_ x: [Double]) -> [Double] {
        x.map { max($0, 0) }
    }

    /// `log Σ_j exp(x_j) − x_label`, computed directly (only for moderate logits).
    static func crossEntropy(_ logits: [Double], label: Int) -> Double {
        log(logits.map { exp($0) }.reduce(0, +)) - logits[label]
    }
}
