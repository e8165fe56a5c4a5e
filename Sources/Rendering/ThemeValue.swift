/// A theme value of the wrong form: what was expected and what was found.
struct ValueFailure: Error {
    let message: String
}

/// The value forms of theme files: colours, colour lists, colour maps and glyphs.
enum ThemeValue {
    /// Parses `#rrggbb`, six hexadecimal digits in either case.
    static func color(_ text: String) throws -> RGB {
        guard let color = hexColor(text) else {
            throw ValueFailure(message: "expected a colour like #1f77b4, got '\(text)'")
        }
        return color
    }

    /// Parses a colour, or nothing for the terminal's own colour.
    static func optionalColor(_ text: String) throws -> RGB? {
        guard !text.isEmpty else { return nil }
        guard let color = hexColor(text) else {
            throw ValueFailure(message: "expected a colour like #1f77b4, or nothing for the "
                               + "terminal's own colour, got '\(text)'")
        }
        return color
    }

    /// Parses one or more colours separated by commas.
    static func colorList(_ text: String) throws -> [RGB] {
        let colors = items(text, separator: ",").map(hexColor)
        guard !colors.isEmpty, !colors.contains(where: { $0 == nil }) else {
            throw ValueFailure(message: "expected one or more colours separated by commas, "
                               + "like #1f77b4, #ff7f0e, got '\(text)'")
        }
        return colors.compactMap { $0 }
    }

    /// Parses a built-in colour map's name, or two or more colours separated by commas as
    /// the stops from the lowest value to the highest.
    static func colorMap(_ text: String) throws -> ColorMap {
        if let map = ColorMap.named(text) { return map }
        let stops = items(text, separator: ",").map(hexColor)
        guard stops.count >= 2, !stops.contains(where: { $0 == nil }) else {
            throw ValueFailure(message: "expected a colour-map name ("
                               + ColorMap.names.joined(separator: ", ")
                               + ") or two or more colours like #440154, #fde725, got '\(text)'")
        }
        return ColorMap(stops: stops.compactMap { $0 })
    }

    /// Parses one printable ASCII character, or the word `space`.
    static func glyph(_ text: String) throws -> Character {
        if text == "space" { return " " }
        guard text.count == 1, let character = text.first, isPrintableASCII(character) else {
            throw ValueFailure(message: "expected one printable ASCII character or 'space', "
                               + "got '\(text)'")
        }
        return character
    }

    /// Parses one or more printable ASCII characters separated by spaces.
    static func markers(_ text: String) throws -> [Character] {
        let markers = items(text, separator: " ")
        guard !markers.isEmpty, markers.allSatisfy({
            $0.count == 1 && isPrintableASCII($0.first!)
        }) else {
            throw ValueFailure(message: "expected printable ASCII characters separated by "
                               + "spaces, like o x + *, got '\(text)'")
        }
        return markers.map { $0.first! }
    }

    private static func hexColor(_ text: String) -> RGB? {
        guard text.count == 7, text.first == "#", let value = UInt32(text.dropFirst(), radix: 16),
              text.dropFirst().allSatisfy(\.isHexDigit) else { return nil }
        return RGB(hex: value)
    }

    private static func items(_ text: String, separator: Character) -> [String] {
        text.split(separator: separator, omittingEmptySubsequences: separator == " ")
            .map { String($0.filter { $0 != " " && $0 != "\t" }) }
    }

    private static func isPrintableASCII(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue else { return false }
        return ascii > 32 && ascii < 127
    }
}
