/// Whole-file reads and atomic writes for the other targets, with errors as `FormatError`.
public enum FileBytes {
    /// Reads the whole file.
    ///
    /// - Throws: `FormatError` naming the path when the file is missing or unreadable.
    public static func read(path: String) throws -> [UInt8] {
        try BinaryFile.read(path: path)
    }

    /// Writes `bytes` to a temporary file in the same folder, flushes it, then renames it
    /// over `path`, so readers see the old file or the whole new one.
    ///
    /// - Throws: `FormatError` naming the path when the file cannot be written.
    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        try BinaryFile.writeAtomically(bytes, to: path)
    }
}
