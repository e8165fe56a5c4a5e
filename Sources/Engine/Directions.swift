import Numerics

/// The scaling of a random direction against the model's own weights.
public enum Normalization: String, CaseIterable, Sendable {
    /// Each filter (slice along the first axis) gets the norm of the same filter in θ.
    case filter
    /// Each tensor gets the norm of the same tensor in θ.
    case layer
    /// Each entry is multiplied by the same entry of θ.
    case weight
    /// The raw Gaussian draw.
    case none
}

/// Random directions in parameter space, as in Li et al., "Visualizing the Loss Landscape of
/// Neural Nets" (NeurIPS 2018).
public enum Directions {
    /// Draws a Gaussian direction shaped like `parameters` and normalizes it.
    ///
    /// Every tensor consumes its Gaussian values from `generator` whatever the options, so the
    /// same seed gives the same draw for any two models of one architecture.
    /// One-dimensional tensors (biases, BatchNorm scale and shift) are zero when
    /// `ignoreBiasAndNorm` is set; otherwise they equal θ, so they move as θ·(1 + α).
    public static func random(
        like parameters: Parameters,
        generator: inout SeededGenerator,
        normalization: Normalization = .filter,
        ignoreBiasAndNorm: Bool = true
    ) -> Parameters {
        var direction = Parameters()
        for name in parameters.names {
            let theta = parameters[name]!
            let draw = Tensor(shape: theta.shape, data: generator.gaussians(count: theta.count))
            if theta.rank <= 1 {
                direction[name] = ignoreBiasAndNorm ? Tensor(zeros: theta.shape) : theta
            } else {
                direction[name] = normalize(draw, against: theta, normalization)
            }
        }
        return direction
    }

    /// Draws the pair (δ, η) of a 2D surface from one seed: δ first, then η.
    public static func pair(
        like parameters: Parameters,
        seed: UInt64,
        normalization: Normalization = .filter,
        ignoreBiasAndNorm: Bool = true
    ) -> (Parameters, Parameters) {
        var generator = SeededGenerator(seed: seed)
        let delta = random(like: parameters, generator: &generator,
                           normalization: normalization, ignoreBiasAndNorm: ignoreBiasAndNorm)
        let eta = random(like: parameters, generator: &generator,
                         normalization: normalization, ignoreBiasAndNorm: ignoreBiasAndNorm)
        return (delta, eta)
    }

    /// Scales `draw` against `theta`; the 1e-10 guards an all-zero draw.
    static func normalize(_ draw: Tensor, against theta: Tensor,
                          _ normalization: Normalization) -> Tensor {
        switch normalization {
        case .none:
            return draw
        case .weight:
            return Tensor(shape: draw.shape, data: zip(draw.data, theta.data).map { $0 * $1 })
        case .layer:
            var result = draw
            rescale(&result.data, toNormOf: theta.data, range: 0..<draw.count)
            return result
        case .filter:
            var result = draw
            let filterSize = draw.count / max(draw.shape[0], 1)
            for filter in 0..<draw.shape[0] {
                let range = (filter * filterSize)..<((filter + 1) * filterSize)
                rescale(&result.data, toNormOf: theta.data, range: range)
            }
            return result
        }
    }

    /// Rescales `values[range]` to the norm of `reference[range]`.
    private static func rescale(_ values: inout [Float], toNormOf reference: [Float],
                                range: Range<Int>) {
        let factor = Float(norm(reference[range]) / (norm(values[range]) + 1e-10))
        for i in range { values[i] *= factor }
    }

    private static func norm(_ values: ArraySlice<Float>) -> Double {
        var sum = 0.0
        for value in values { sum += Double(value) * Double(value) }
        return sum.squareRoot()
    }
}
