import Engine

extension Arguments {
    /// Returns the grid axis of option `name`, written `MIN:MAX:NUM`, or `fallback` when the
    /// option is absent.
    ///
    /// - Throws: `UsageError` with one line naming the option, the text and the expected form.
    func gridAxis(_ name: String, default fallback: GridAxis) throws -> GridAxis {
        guard let text = string(name) else { return fallback }
        do {
            return try GridAxis(parsing: text)
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
