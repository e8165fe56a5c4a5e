import Foundation

/// A deterministic random generator (SplitMix64) with a Gaussian sampler.
///
/// The same seed gives the same sequence on every machine and every run, which is what
/// makes directions and training runs reproducible. Not for cryptography.
public struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Returns a uniform Double in the open interval (0, 1).
    public mutating func nextUniform() -> Double {
        (Double(next() >> 11) + 0.5) / Double(1 << 53)
    }

    /// Fills `count` values drawn i.i.d. from N(0, 1) by the Box–Muller transform.
    public mutating func gaussians(count: Int) -> [Float] {
        var values = [Float](repeating: 0, count: count)
        var i = 0
        while i < count {
            let radius = (-2 * log(nextUniform())).squareRoot()
            let angle = 2 * Double.pi * nextUniform()
            values[i] = Float(radius * cos(angle))
            if i + 1 < count { values[i + 1] = Float(radius * sin(angle)) }
            i += 2
        }
        return values
    }
}

