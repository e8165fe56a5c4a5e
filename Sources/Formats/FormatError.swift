/// A user-facing input error: one finished line naming the file, the field and what was expected.
///
/// Readers throw it for anything wrong with a file's contents or access; the command line
/// prints `description` on stderr as it is.
public struct FormatError: Error, CustomStringConvertible, Equatable {
    /// The path as the user gave it.
    public let file: String
    /// A sentence naming the field and what was expected, without the file name.
    public let message: String

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): \(message)" }
}
