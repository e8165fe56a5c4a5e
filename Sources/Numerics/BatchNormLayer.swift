/// Batch normalization of `[C, H, W]` samples per channel, as PyTorch's `BatchNorm2d`
/// computes it with eps 1e-5 and momentum 0.1.
///
/// `y = γ·(x − μ)/√(σ² + eps) + β` per channel. Training mode takes μ and the biased σ² over
/// the batch's `N·H·W` values of the channel, in Double, and records μ and the unbiased
/// `σ²·n/(n − 1)` for the running update (the biased value when `n = 1`, where PyTorch
/// rejects the batch). Evaluation mode takes the running mean and variance. A NaN or
/// infinite input makes its whole channel NaN in training mode and only its own output in
/// evaluation mode. A running variance at or below `−eps` gives NaN or infinite outputs.
struct BatchNormLayer: Layer {
    let channels: Int
    let height: Int
    let width: Int

    /// Added to the variance before the square root.
    static let epsilon = 1e-5

    /// The weight of the batch statistics in the running update,
    /// `running ← (1 − momentum)·running + momentum·batch`.
    static let momentum = 0.1

    var inputShape: [Int] { [channels, height, width] }
    var outputShape: [Int] { inputShape }
    var parameterShapes: [[Int]] { [[channels], [channels]] }
    var bufferShapes: [[Int]] { [[channels], [channels]] }

    private var planeSize: Int { height * width }

    func forward(_ input: UnsafePointer<Float>, batch: Int, parameters: [[Float]],
                 output: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        let (scale, shift) = evaluationAffine(parameters)
        apply(scale: scale, shift: shift, to: input, batch: batch, output: output)
    }

    /// Returns the per-channel `scale` and `shift` of evaluation mode, which maps `x` to
    /// `x * scale + shift` from the running statistics in `parameters`.
    ///
    /// The inference plan's fused convolution reads them from here, so that it computes the
    /// same values as `forward`.
    func evaluationAffine(_ parameters: [[Float]]) -> (scale: [Float], shift: [Float]) {
        let inverseStd = parameters[3].map { Float(1 / (Double($0) + Self.epsilon).squareRoot()) }
        return affine(parameters, mean: parameters[2], inverseStd: inverseStd)
    }

    /// Returns the per-channel `scale = γ·inverseStd` and `shift = β − μ·scale`.
    private func affine(_ parameters: [[Float]], mean: [Float],
                        inverseStd: [Float]) -> (scale: [Float], shift: [Float]) {
        let scale = (0..<channels).map { parameters[0][$0] * inverseStd[$0] }
        let shift = (0..<channels).map { parameters[1][$0] - mean[$0] * scale[$0] }
        return (scale, shift)
    }

    /// Writes `x·scale + shift` per channel.
    private func apply(scale: [Float], shift: [Float], to input: UnsafePointer<Float>,
                       batch: Int, output: UnsafeMutablePointer<Float>) {
        let size = planeSize
        for sample in 0..<batch {
            for channel in 0..<channels {
                let offset = (sample * channels + channel) * size
                let (a, b) = (scale[channel], shift[channel])
                for index in 0..<size { output[offset + index] = input[offset + index] * a + b }
            }
        }
    }

    func record(_ input: [Float], batch: Int, parameters: [[Float]],
                mode: BatchNormMode) -> LayerRecord {
        guard mode == .training else {
            return LayerRecord(output: forward(input, batch: batch, parameters: parameters))
        }
        let (mean, variance) = statistics(input, batch: batch)
        let count = Double(batch * planeSize)
        let inverseStd = variance.map { Float(1 / ($0 + Self.epsilon).squareRoot()) }
        let meanFloats = mean.map { Float($0) }
        let (scale, shift) = affine(parameters, mean: meanFloats, inverseStd: inverseStd)
        let output = makeFloats(count: input.count) { output in
            input.withUnsafeBufferPointer { x in
                apply(scale: scale, shift: shift, to: x.baseAddress!, batch: batch,
                      output: output)
            }
        }
        let unbiased = variance.map { count > 1 ? Float($0 * count / (count - 1)) : Float($0) }
        return LayerRecord(output: output, saved: [meanFloats, inverseStd],
                           batchStatistics: [meanFloats, unbiased])
    }

    /// Returns each channel's mean and biased variance over the batch, two passes in Double.
    private func statistics(_ input: [Float], batch: Int) -> (mean: [Double], variance: [Double]) {
        let count = Double(batch * planeSize)
        let size = planeSize
        var mean = [Double](repeating: 0, count: channels)
        var variance = [Double](repeating: 0, count: channels)
        input.withUnsafeBufferPointer { x in
            for channel in 0..<channels {
                var sum = 0.0
                for sample in 0..<batch {
                    let plane = x.baseAddress! + (sample * channels + channel) * size
                    for index in 0..<size { sum += Double(plane[index]) }
                }
                let mu = sum / count
                var squares = 0.0
                for sample in 0..<batch {
                    let plane = x.baseAddress! + (sample * channels + channel) * size
                    for index in 0..<size {
                        let centred = Double(plane[index]) - mu
                        squares += centred * centred
                    }
                }
                mean[channel] = mu
                variance[channel] = squares / count
            }
        }
        return (mean, variance)
    }

    func backward(input: [Float], outputGradient: [Float], batch: Int, parameters: [[Float]],
                  computeInputGradient: Bool) -> LayerGradients {
        let inverseStd = parameters[3].map { Float(1 / (Double($0) + Self.epsilon).squareRoot()) }
        return gradients(input: input, outputGradient: outputGradient, batch: batch,
                         gamma: parameters[0], mean: parameters[2], inverseStd: inverseStd,
                         throughStatistics: false, computeInputGradient: computeInputGradient)
    }

    func backward(input: [Float], record: LayerRecord, outputGradient: [Float], batch: Int,
                  parameters: [[Float]], mode: BatchNormMode,
                  computeInputGradient: Bool) -> LayerGradients {
        guard mode == .training else {
            return backward(input: input, outputGradient: outputGradient, batch: batch,
                            parameters: parameters, computeInputGradient: computeInputGradient)
        }
        return gradients(input: input, outputGradient: outputGradient, batch: batch,
                         gamma: parameters[0], mean: record.saved[0],
                         inverseStd: record.saved[1], throughStatistics: true,
                         computeInputGradient: computeInputGradient)
    }

    /// Returns `dγ = Σ dy·x̂`, `dβ = Σ dy` and the input gradient, per channel.
    ///
    /// With fixed statistics `dx = γ·s·dy`, where `s` is the inverse std. Through the batch
    /// statistics, `dx = γ·s·(dy − mean(dy) − x̂·mean(dy·x̂))`, means over the channel's
    /// `N·H·W` values. Sums accumulate in Double.
    private func gradients(input: [Float], outputGradient: [Float], batch: Int, gamma: [Float],
                           mean: [Float], inverseStd: [Float], throughStatistics: Bool,
                           computeInputGradient: Bool) -> LayerGradients {
        let size = planeSize
        let count = Double(batch * size)
        var gammaGradient = [Float](repeating: 0, count: channels)
        var betaGradient = [Float](repeating: 0, count: channels)
        var inputGradient: [Float]? = computeInputGradient
            ? [Float](repeating: 0, count: input.count) : nil
        input.withUnsafeBufferPointer { x in
            outputGradient.withUnsafeBufferPointer { dy in
                for channel in 0..<channels {
                    let (mu, s) = (mean[channel], inverseStd[channel])
                    var sum = 0.0
                    var weighted = 0.0
                    for sample in 0..<batch {
                        let offset = (sample * channels + channel) * size
                        for index in offset..<(offset + size) {
                            let gradient = Double(dy[index])
                            sum += gradient
                            weighted += gradient * Double((x[index] - mu) * s)
                        }
                    }
                    betaGradient[channel] = Float(sum)
                    gammaGradient[channel] = Float(weighted)
                    guard inputGradient != nil else { continue }
                    let factor = gamma[channel] * s
                    let meanGradient = throughStatistics ? Float(sum / count) : 0
                    let meanWeighted = throughStatistics ? Float(weighted / count) : 0
                    inputGradient!.withUnsafeMutableBufferPointer { dx in
                        for sample in 0..<batch {
                            let offset = (sample * channels + channel) * size
                            for index in offset..<(offset + size) {
                                let normalized = (x[index] - mu) * s
                                dx[index] = factor
                                    * (dy[index] - meanGradient - normalized * meanWeighted)
                            }
                        }
                    }
                }
            }
        }
        return LayerGradients(input: inputGradient, parameters: [gammaGradient, betaGradient])
    }
}
