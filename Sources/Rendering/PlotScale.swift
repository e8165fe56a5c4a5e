/// A map from data values to a fraction of a plot axis, linear or logarithmic.
public struct PlotScale: Equatable, Sendable {
    public var lower: Double
    public var upper: Double
    public var isLogarithmic: Bool

    /// Creates a scale over [`lower`, `upper`]; the bounds are swapped if given in reverse.
    public init(lower: Double, upper: Double, isLogarithmic: Bool = false) {
        self.lower = min(lower, upper)
        self.upper = max(lower, upper)
        self.isLogarithmic = isLogarithmic
    }

    /// Creates the smallest scale holding every finite value (positive on a log scale), widened
    /// when all values are equal: by a tenth of the value on each side (a factor of two on a
    /// log scale), or by 0.5 around zero. Returns nil when no value is accepted.
    public init?(covering values: [Double], isLogarithmic: Bool = false) {
        let usable = values.filter { $0.isFinite && (!isLogarithmic || $0 > 0) }
        guard let low = usable.min(), let high = usable.max() else { return nil }
        if low < high {
            self.init(lower: low, upper: high, isLogarithmic: isLogarithmic)
        } else if isLogarithmic {
            self.init(lower: low / 2, upper: low * 2, isLogarithmic: true)
        } else {
            let margin = low == 0 ? 0.5 : abs(low) / 10
            self.init(lower: low - margin, upper: low + margin)
        }
    }

    /// Returns whether `value` can be placed: finite, and positive on a log scale.
    public func accepts(_ value: Double) -> Bool {
        value.isFinite && (!isLogarithmic || value > 0)
    }

    /// Returns where `value` falls, 0 at `lower` and 1 at `upper`, not clamped; 0.5 for a
    /// scale of zero width.
    public func fraction(of value: Double) -> Double {
        let low = warp(lower), high = warp(upper)
        guard high > low else { return 0.5 }
        return (warp(value) - low) / (high - low)
    }

    /// Returns about `count` round values inside the scale for tick marks, lowest first.
    public func ticks(count: Int) -> [Double] {
        if isLogarithmic {
            let ticks = RoundNumbers.logarithmic(lower: lower, upper: upper, count: count)
            if ticks.count >= 2 { return ticks }
        }
        return RoundNumbers.linear(lower: lower, upper: upper, count: max(count, 1))
    }

    private func warp(_ value: Double) -> Double {
        isLogarithmic ? log10(value) : value
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
