import Engine

extension Arguments {
    /// The maximum points of one grid axis. A square grid of 100,000 a side has 10^10 points,
    /// far beyond any surface that can be computed, so a larger count is a typing mistake
    /// whose memory would be taken before the first point.
    static let maximumAxisCount = 100_000

    /// Returns the grid axis of option `name`, written `MIN:MAX:NUM`, or `fallback` when the
    /// option is absent.
    ///
    /// - Throws: `UsageError` with one line naming the option, the text and the expected form.
    func gridAxis(_ name: String, default fallback: GridAxis) throws -> GridAxis {
        guard let text = string(name) else { return fallback }
        do {
            let axis = try GridAxis(parsing: text)
            guard axis.count <= Arguments.maximumAxisCount else {
                throw UsageError(description: "invalid --\(name) '\(text)': expected NUM at "
                                 + "most \(Arguments.maximumAxisCount) points on one axis")
            }
            return axis
        } catch let failure as GridAxis.ParseFailure {
            let rule: String
            switch failure {
            case .malformed: rule = "two numbers and an integer"
            case .emptyInterval: rule = "MIN < MAX when NUM > 1"
            case .countBelowOne: rule = "NUM at least 1"
            }
            throw UsageError(description: "invalid --\(name) '\(text)': expected "
                             + "MIN:MAX:NUM with \(rule), such as -1:1:51")
        }
    }
}
