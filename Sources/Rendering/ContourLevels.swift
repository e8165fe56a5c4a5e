/// The choice of values that contour lines follow.
public enum ContourLevels: Equatable, Sendable {
    /// About this many levels, evenly spaced in the range's scale (linear or logarithmic)
    /// and at round numbers where the range allows.
    case automatic(Int)
    /// Exactly these levels; those outside the range or not finite draw nothing.
    case chosen([Float])

    /// Returns the levels for `range`, lowest first, strictly inside it.
    ///
    /// Automatic levels on a linear range are multiples of a round step (`RoundNumbers`).
    /// On a logarithmic range of positive values they are powers of ten or 1, 2, 5 per
    /// decade. When rounding yields fewer than two levels (a log range under one decade, or
    /// one that reaches zero), they fall back to even fractions of the scale rounded to
    /// three significant digits. A range of zero width has no levels.
    public func values(in range: ValueRange) -> [Float] {
        switch self {
        case .chosen(let levels):
            return levels.filter { $0.isFinite && $0 > range.lower && $0 < range.upper }.sorted()
        case .automatic(let count):
            return ContourLevels.automaticValues(count: count, range: range)
        }
    }

    private static func automaticValues(count: Int, range: ValueRange) -> [Float] {
        guard count > 0, range.upper > range.lower else { return [] }
        let count = min(count, 256)
        let lower = Double(range.lower), upper = Double(range.upper)
        let rounded = range.isLogarithmic
            ? RoundNumbers.logarithmic(lower: lower, upper: upper, count: count + 2)
            : RoundNumbers.linear(lower: lower, upper: upper, count: count + 1)
        var levels = inside(rounded, range: range)
        if levels.count < min(count, 2) {
            levels = inside((1...count).map { index in
                let fraction = Double(index) / Double(count + 1)
                return roundedToThreeDigits(Double(range.value(atFraction: fraction)))
            }, range: range)
        }
        return levels
    }

    /// Returns the distinct values strictly inside `range`, as floats, lowest first.
    private static func inside(_ values: [Double], range: ValueRange) -> [Float] {
        let levels = values.map { Float($0) }.filter { $0 > range.lower && $0 < range.upper }
        return Array(Set(levels)).sorted()
    }

    private static func roundedToThreeDigits(_ value: Double) -> Double {
        guard value != 0, value.isFinite else { return value }
        let scale = pow(10, 2 - log10(abs(value)).rounded(.down))
        return (value * scale).rounded() / scale
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
