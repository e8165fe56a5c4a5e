extension Arguments {
    /// Returns a finite Double option, checked against `range`.
    ///
    /// Double keeps decimal values such as 1e-4 as typed when they are printed back.
    func double(_ name: String, default fallback: Double,
                in range: ClosedRange<Double>, expected: String) throws -> Double {
        guard let text = string(name) else { return fallback }
        guard let value = Double(text), value.isFinite, range.contains(value) else {
            throw UsageError(description: "invalid --\(name) '\(text)': expected \(expected)")
        }
        return value
    }
}
