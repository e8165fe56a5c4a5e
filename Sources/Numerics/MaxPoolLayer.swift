/// Max pooling over `kernel × kernel` windows moved by `stride`, without padding.
///
/// The output size per axis is `⌊(size − kernel) / stride⌋ + 1`, as in PyTorch's `MaxPool2d`.
/// A window's value is its first maximum in row-major order, or its first NaN, so NaN spreads
/// as in PyTorch. The backward pass sends each output gradient to that same position, adding
/// where overlapping windows (stride < kernel) share it.
struct MaxPoolLayer: Layer {
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

    /// Returns the index within `plane` of the value the window at (row, column) selects.
    ///
    /// The updates are selects rather than branches, since the winning tap is close to
    /// random and a branch on it mispredicts about half the time. Windows with a NaN take a
    /// second, rarely run loop that finds the first NaN.
    @inline(__always)
    private func selectedIndex(in plane: UnsafePointer<Float>, row: Int, column: Int) -> Int {
        var best = (row * stride) * width + column * stride
        var bestValue = plane[best]
        var nanCount = 0
        for i in 0..<kernel {
            let rowStart = (row * stride + i) * width + column * stride
            for j in 0..<kernel {
                let value = plane[rowStart + j]
                let greater = value > bestValue
                best = greater ? rowStart + j : best
                bestValue = greater ? value : bestValue
                nanCount &+= value.isNaN ? 1 : 0
            }
        }
        guard nanCount > 0 else { return best }
        return firstNaNIndex(in: plane, row: row, column: column)
    }

    /// Returns the index within `plane` of the first NaN in the window at (row, column),
    /// which must contain one.
    private func firstNaNIndex(in plane: UnsafePointer<Float>, row: Int, column: Int) -> Int {
        for i in 0..<kernel {
            let rowStart = (row * stride + i) * width + column * stride
            for j in 0..<kernel where plane[rowStart + j].isNaN { return rowStart + j }
        }
        fatalError("window at (\(row), \(column)) has no NaN")
    }

    func forward(_ input: UnsafePointer<Float>, batch: Int, parameters: [[Float]],
                 output: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        let planeSize = height * width
        let outputPlaneSize = outputHeight * outputWidth
        for planeIndex in 0..<(batch * channels) {
            let plane = input + planeIndex * planeSize
            let target = output + planeIndex * outputPlaneSize
            if kernel == 2 && stride == 2 {
                poolPlaneTwoByTwo(plane, into: target)
            } else {
                poolPlane(plane, into: target)
            }
        }
    }

    /// Writes the window maxima of one plane, one output row at a time, so that the inner
    /// loop runs along a row and vectorizes.
    ///
    /// Selects the same values as `selectedIndex`: a later tap replaces the running maximum
    /// only when it is greater or NaN. So ties keep the first value (which distinguishes −0
    /// from +0), and any NaN in the window gives NaN.
    private func poolPlane(_ plane: UnsafePointer<Float>,
                           into output: UnsafeMutablePointer<Float>) {
        for row in 0..<outputHeight {
            let target = output + row * outputWidth
            let first = plane + row * stride * width
            for column in 0..<outputWidth { target[column] = first[column * stride] }
            for i in 0..<kernel {
                for j in 0..<kernel where i != 0 || j != 0 {
                    let tap = plane + (row * stride + i) * width + j
                    for column in 0..<outputWidth {
                        let value = tap[column * stride]
                        let current = target[column]
                        target[column] = value > current || value != value ? value : current
                    }
                }
            }
        }
    }

    /// Does the work of `poolPlane` for 2x2 windows with stride 2, the usual pooling of
    /// CNNs, with the same taps in the same order and so the same values.
    ///
    /// With the window's shape fixed, each output is four loads and three selects instead
    /// of four strided passes over the output row. By a per-layer timing of the sample
    /// CNN's two pooling layers on 1,000 images (release build, one core of the 2-core AMD
    /// EPYC under load from other jobs), they took about 23 ms before and 5 to 7 ms after.
    private func poolPlaneTwoByTwo(_ plane: UnsafePointer<Float>,
                                   into output: UnsafeMutablePointer<Float>) {
        for row in 0..<outputHeight {
            let top = plane + 2 * row * width
            let bottom = top + width
            let target = output + row * outputWidth
            for column in 0..<outputWidth {
                var maximum = top[2 * column]
                let right = top[2 * column + 1]
                maximum = right > maximum || right != right ? right : maximum
                let below = bottom[2 * column]
                maximum = below > maximum || below != below ? below : maximum
                let diagonal = bottom[2 * column + 1]
                maximum = diagonal > maximum || diagonal != diagonal ? diagonal : maximum
                target[column] = maximum
            }
        }
    }

    func backward(input: [Float], outputGradient: [Float], batch: Int, parameters: [[Float]],
                  computeInputGradient: Bool) -> LayerGradients {
        guard computeInputGradient else { return LayerGradients(input: nil, parameters: []) }
        let planeSize = height * width
        let outputPlaneSize = outputHeight * outputWidth
        var inputGradient = [Float](repeating: 0, count: input.count)
        inputGradient.withUnsafeMutableBufferPointer { dx in
            input.withUnsafeBufferPointer { x in
                outputGradient.withUnsafeBufferPointer { dy in
                    for planeIndex in 0..<(batch * channels) {
                        let plane = x.baseAddress! + planeIndex * planeSize
                        let gradient = dx.baseAddress! + planeIndex * planeSize
                        let source = dy.baseAddress! + planeIndex * outputPlaneSize
                        for row in 0..<outputHeight {
                            for column in 0..<outputWidth {
                                let index = selectedIndex(in: plane, row: row, column: column)
                                gradient[index] += source[row * outputWidth + column]
                            }
                        }
                    }
                }
            }
        }
        return LayerGradients(input: inputGradient, parameters: [])
    }
}
