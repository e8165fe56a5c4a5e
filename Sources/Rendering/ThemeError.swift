/// A theme that cannot be read: one finished line naming the file, the line and the key,
/// with what was expected.
public struct ThemeError: Error, CustomStringConvertible, Equatable {
    /// The file as the caller named it, or the theme name when no file was found.
    public let file: String
    /// The line number, counting from 1, or nil for an error about the whole file.
    public let line: Int?
    /// The key of the bad line, or nil when the line has no usable key.
    public let key: String?
    /// The problem and the expected form, without the file, line or key.
    public let message: String

    public init(file: String, line: Int? = nil, key: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    /// The message as printed, for example
    /// `themes/x.theme:7: key 'cursor': expected a colour like #1f77b4, got 'blue'`.
    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        let subject = key.map { "key '\($0)': " } ?? ""
        return "\(place): \(subject)\(message)"
    }
}
