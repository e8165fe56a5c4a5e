/// Double loops for BatchNorm and average pooling, written from the definitions.
extension NaiveReference {
    /// Sizes of an NCHW batch.
    struct PlaneShape {
        var batch: Int
        var channels: Int
        var height: Int
        var width: Int

        var planeSize: Int { height * width }

        /// Returns the flat index of (n, c, r, column).
        func index(_ n: Int, _ c: Int, _ r: Int, _ column: Int) -> Int {
            ((n * channels + c) * height + r) * width + column
        }
    }

    /// Returns each channel's mean and biased variance over N, H and W.
    static func channelStatistics(_ x: [Double],
                                  shape: PlaneShape) -> (mean: [Double], variance: [Double]) {
        var mean: [Double] = []
        var variance: [Double] = []
        for c in 0..<shape.channels {
            var values: [Double] = []
            for n in 0..<shape.batch {
                for r in 0..<shape.height {
                    for column in 0..<shape.width { values.append(x[shape.index(n, c, r, column)]) }
                }
            }
            let mu = values.reduce(0, +) / Double(values.count)
            mean.append(mu)
            variance.append(values.map { ($0 - mu) * ($0 - mu) }.reduce(0, +)
                / Double(values.count))
        }
        return (mean, variance)
    }

    /// `y = γ·(x − μ)/√(σ² + 1e-5) + β` per channel, with the given μ and σ².
    static func batchNorm(_ x: [Double], shape: PlaneShape, gamma: [Float], beta: [Float],
                          mean: [Double], variance: [Double]) -> [Double] {
        var y = x
        for n in 0..<shape.batch {
            for c in 0..<shape.channels {
                for r in 0..<shape.height {
                    for column in 0..<shape.width {
                        let index = shape.index(n, c, r, column)
                        y[index] = Double(gamma[c]) * (x[index] - mean[c])
                            / (variance[c] + 1e-5).squareRoot() + Double(beta[c])
                    }
                }
            }
        }
        return y
    }

    /// Returns the mean of each `kernel × kernel` window moved by `stride`, without padding.
    static func avgPool(_ x: [Double], shape: PlaneShape, kernel: Int, stride: Int) -> [Double] {
        let outH = (shape.height - kernel) / stride + 1
        let outW = (shape.width - kernel) / stride + 1
        var y: [Double] = []
        for n in 0..<shape.batch {
            for c in 0..<shape.channels {
                for r in 0..<outH {
                    for column in 0..<outW {
                        var sum = 0.0
                        for i in 0..<kernel {
                            for j in 0..<kernel {
                                sum += x[shape.index(n, c, r * stride + i, column * stride + j)]
                            }
                        }
                        y.append(sum / Double(kernel * kernel))
                    }
                }
            }
        }
        return y
    }

    /// Returns the mean of each channel's plane, `[N, C]`.
    static func globalAvgPool(_ x: [Double], shape: PlaneShape) -> [Double] {
        (0..<(shape.batch * shape.channels)).map { plane in
            let values = x[(plane * shape.planeSize)..<((plane + 1) * shape.planeSize)]
            return values.reduce(0, +) / Double(shape.planeSize)
        }
    }
}
