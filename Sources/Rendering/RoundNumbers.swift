/// Round numbers for tick marks and contour levels: 1, 2 or 5 times a power of ten, with
/// 2.5 allowed as a step.
public enum RoundNumbers {
    /// Returns the round step nearest to `span / count` by ratio: 1, 2, 2.5 or 5 times a
    /// power of ten. Returns nil when the span is zero, negative or not finite, or
    /// `count` < 1.
    public static func step(span: Double, count: Int) -> Double? {
        guard span.isFinite, span > 0, count > 0 else { return nil }
        let raw = span / Double(count)
        let magnitude = pow(10, log10(raw).rounded(.down))
        let mantissa = raw / magnitude
        let distance = { (round: Double) in abs(log(round / mantissa)) }
        let round = [1, 2, 2.5, 5, 10].min { distance($0) < distance($1) }!
        return round * magnitude
    }

    /// Returns the multiples of a round step inside [`lower`, `upper`], about `count` of
    /// them, lowest first.
    ///
    /// The multiples are computed as k·step, which prints exactly for the usual steps.
    /// Returns an empty list for an empty or non-finite interval.
    public static func linear(lower: Double, upper: Double, count: Int) -> [Double] {
        guard let step = step(span: upper - lower, count: count) else { return [] }
        let first = (lower / step - 1e-9).rounded(.up)
        let last = (upper / step + 1e-9).rounded(.down)
        guard first <= last, last - first < 10_000 else { return [] }
        return stride(from: first, through: last, by: 1).map { $0 * step }
    }

    /// Returns round numbers evenly spread on a log scale inside [`lower`, `upper`], about
    /// `count` of them, lowest first: powers of ten, or 1, 2 and 5 per decade, or 1, 3 per
    /// decade, whichever count comes closest.
    ///
    /// Returns an empty list unless 0 < `lower` < `upper` and both are finite. A range
    /// narrower than one decade usually yields fewer than two numbers; callers then fall
    /// back to `linear`.
    public static func logarithmic(lower: Double, upper: Double, count: Int) -> [Double] {
        guard lower > 0, upper > lower, upper.isFinite, count > 0 else { return [] }
        let firstDecade = Int(log10(lower).rounded(.down))
        let lastDecade = Int(log10(upper).rounded(.up))
        guard lastDecade - firstDecade < 400 else { return [] }
        var best: [Double] = []
        for mantissas in [[1.0], [1.0, 3.0], [1.0, 2.0, 5.0]] {
            var values: [Double] = []
            for decade in firstDecade...lastDecade {
                for mantissa in mantissas {
                    let value = mantissa * pow(10, Double(decade))
                    if value >= lower * (1 - 1e-9), value <= upper * (1 + 1e-9) {
                        values.append(value)
                    }
                }
            }
            if best.isEmpty || abs(values.count - count) < abs(best.count - count) {
                best = values
            }
        }
        return best
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
