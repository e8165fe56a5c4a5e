import Rendering

/// The `--levels N|V1,V2,...` option of `explore` and `render`: how many contour lines, or
/// at which values.
enum LevelsOption {
    static let usage = """
          --levels N|LIST  contour lines: N evenly spaced round values (default 8), or a
                           comma-separated list of loss values such as 0.5,1,2
        """

    /// Returns the contour levels `text` names, or the default when it is nil.
    ///
    /// - Throws: `UsageError` naming the option, the text and the expected form.
    static func levels(_ text: String?) throws -> ContourLevels {
        guard let text else { return .automatic(ContourLayer.defaultLevelCount) }
        if !text.contains(","), let count = Int(text) {
            guard (1...64).contains(count) else { throw invalid(text) }
            return .automatic(count)
        }
        let values = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { Float($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ $0?.isFinite == true }) else {
            throw invalid(text)
        }
        return .chosen(values.compactMap { $0 })
    }

    private static func invalid(_ text: String) -> UsageError {
        UsageError(description: "invalid --levels '\(text)': expected a count from 1 to 64 "
                   + "or a comma-separated list of numbers, such as 0.5,1,2")
    }
}
