import Foundation

/// The dyadic lattice that interactive views sample: multiples of `2^-level`.
///
/// Such values are exact in binary floating point, so a point computed while zoomed out is
/// the same key after zooming in by two, and the cache serves it again.
public enum Lattice {
    /// Returns the coarsest level whose step is at most `spacing` (clamped to 0...40).
    public static func level(forSpacing spacing: Double) -> Int {
        guard spacing.isFinite, spacing > 0 else { return 40 }
        let level = Int((-log2(spacing)).rounded(.up))
        return min(max(level, 0), 40)
    }

    /// Returns the lattice value nearest to `value` at `level`.
    public static func snap(_ value: Double, level: Int) -> Double {
        let scale = Double(sign: .plus, exponent: level, significand: 1)
        return (value * scale).rounded() / scale
    }

    /// Returns the lattice point nearest to (`alpha`, `beta`) at `level`.
    public static func snap(alpha: Double, beta: Double, level: Int) -> SurfacePoint {
        SurfacePoint(alpha: snap(alpha, level: level), beta: snap(beta, level: level))
    }
}
