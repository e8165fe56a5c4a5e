/// Reads `themes/NAME.theme` files: `key = value` lines, whole-line `#` comments and blank
/// lines.
///
/// Every key is optional, and a key left out keeps the value of `Theme.dark`. An unknown
/// key, a key given twice, a line without `=` or a value of the wrong form is an error.
/// Comments take whole lines only, since colours themselves start with `#`. docs/themes.md
/// lists the keys.
public enum ThemeParser {
    /// The keys a theme file may set, in the order docs/themes.md describes them.
    public static let keys = [
        "colormap", "title", "status", "axes", "cursor", "pending", "nan", "diverged",
        "contour", "series", "pending-glyph", "nan-glyph", "diverged-glyph", "series-markers",
    ]

    /// Parses the text of a theme file.
    ///
    /// - Parameters:
    ///   - text: the file's contents; `\n`, `\r\n` and `\r` all end a line.
    ///   - file: the path to name in errors, as the user gave it.
    ///   - name: the theme's name, usually the file name without `.theme`.
    /// - Throws: `ThemeError` for the first bad line.
    public static func parse(_ text: String, file: String, name: String) throws -> Theme {
        var theme = Theme.dark
        theme.name = name
        var seen: [String: Int] = [:]
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for (index, rawLine) in lines.enumerated() {
            let number = index + 1
            let line = trimmed(Substring(rawLine))
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            let (key, value) = try split(line, file: file, line: number)
            if let first = seen[key] {
                throw ThemeError(file: file, line: number, key: key,
                                 message: "set twice, first on line \(first)")
            }
            seen[key] = number
            do {
                try apply(key: key, value: value, to: &theme)
            } catch let failure as ValueFailure {
                throw ThemeError(file: file, line: number, key: key, message: failure.message)
            }
        }
        return theme
    }

    /// Splits `key = value` at the first `=`, both sides trimmed.
    private static func split(_ line: String, file: String, line number: Int) throws
        -> (key: String, value: String) {
        guard let equals = line.firstIndex(of: "=") else {
            throw ThemeError(file: file, line: number,
                             message: "expected 'key = value', got '\(line)'")
        }
        let key = trimmed(line[..<equals])
        guard !key.isEmpty else {
            throw ThemeError(file: file, line: number, message: "expected a key before '='")
        }
        guard keys.contains(key) else {
            throw ThemeError(file: file, line: number, key: key, message: "unknown key, "
                             + "expected one of " + keys.joined(separator: ", "))
        }
        return (key, trimmed(line[line.index(after: equals)...]))
    }

    private static func apply(key: String, value: String, to theme: inout Theme) throws {
        switch key {
        case "colormap": theme.colorMap = try ThemeValue.colorMap(value)
        case "title": theme.title = try ThemeValue.optionalColor(value)
        case "status": theme.status = try ThemeValue.optionalColor(value)
        case "axes": theme.axes = try ThemeValue.optionalColor(value)
        case "cursor": theme.cursor = try ThemeValue.optionalColor(value)
        case "pending": theme.pending = try ThemeValue.optionalColor(value)
        case "nan": theme.nan = try ThemeValue.color(value)
        case "diverged": theme.diverged = try ThemeValue.color(value)
        case "contour": theme.contour = try ThemeValue.optionalColor(value)
        case "series": theme.series = try ThemeValue.colorList(value)
        case "pending-glyph": theme.pendingGlyph = try ThemeValue.glyph(value)
        case "nan-glyph": theme.nanGlyph = try ThemeValue.glyph(value)
        case "diverged-glyph": theme.divergedGlyph = try ThemeValue.glyph(value)
        case "series-markers": theme.seriesMarkers = try ThemeValue.markers(value)
        default: break
        }
    }

    private static func trimmed(_ text: Substring) -> String {
        let isSpace = { (character: Character) in character == " " || character == "\t"
            || character == "\r" }
        guard let start = text.firstIndex(where: { !isSpace($0) }),
              let end = text.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(text[start...end])
    }
}
