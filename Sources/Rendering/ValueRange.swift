/// A closed interval of values that a colour scale spans.
public struct ValueRange: Equatable, Sendable {
    public var lower: Float
    public var upper: Float

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
        let t = (Double(value) - Double(lower)) / (Double(upper) - Double(lower))
        return min(max(t, 0), 1)
    }
}
