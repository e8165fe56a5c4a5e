/// A closed interval of values that a colour scale spans.
public struct ValueRange: Equatable, Sendable {
    public var lower: Float
    public var upper: Float
    /// Whether colours follow log(value) rather than value, for losses that span decades.
    public var isLogarithmic = false

    /// Creates the range [`lower`, `upper`]; the bounds are swapped if given in reverse.
    public init(lower: Float, upper: Float) {
        self.lower = min(lower, upper)
        self.upper = max(lower, upper)
    }

    /// Creates the smallest range holding every finite value of `values`.
    ///
    /// Pending (nil), NaN and infinite values are skipped so that they never stretch the
    /// scale. Returns nil when no value is finite.
    public init?<Values: Sequence>(covering values: Values) where Values.Element == Float? {
        var lower = Float.infinity
        var upper = -Float.infinity
        for case let value? in values where value.isFinite {
            lower = min(lower, value)
            upper = max(upper, value)
        }
        guard lower <= upper else { return nil }
        self.init(lower: lower, upper: upper)
    }

    /// Returns where `value` falls in the range, from 0 at `lower` to 1 at `upper`, clamped.
    ///
    /// A range of zero width places every value at 0.5. NaN gives NaN.
    public func fraction(of value: Float) -> Double {
        guard !value.isNaN else { return .nan }
        guard upper > lower else { return 0.5 }
        let t = (warp(Double(value)) - warp(Double(lower)))
            / (warp(Double(upper)) - warp(Double(lower)))
        return min(max(t, 0), 1)
    }

    /// Returns the value that `fraction(of:)` maps to `t` in [0, 1].
    public func value(atFraction t: Double) -> Float {
        let low = warp(Double(lower)), high = warp(Double(upper))
        return Float(unwarp(low + (high - low) * min(max(t, 0), 1)))
    }

    /// The offset that makes the lowest value positive before the logarithm: zero for a
    /// positive range, otherwise a thousandth of the width above `-lower`.
    private var logShift: Double {
        lower > 0 ? 0 : -Double(lower) + max(Double(upper - lower), 1e-30) * 1e-3
    }

    private func warp(_ value: Double) -> Double {
        isLogarithmic ? log(max(value + logShift, .leastNormalMagnitude)) : value
    }

    private func unwarp(_ value: Double) -> Double {
        isLogarithmic ? exp(value) - logShift : value
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
