/// Whole-file writes that readers never see half done.
public enum AtomicFile {
    /// Writes `bytes` to a temporary file beside `path`, flushes it, and renames it over
    /// `path`.
    ///
    /// - Throws: `FormatError` naming `path` when the folder is missing or not writable.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        try BinaryFile.writeAtomically(bytes, to: path)
    }

    /// Writes `text` as UTF-8, atomically.
    public static func write(_ text: String, to path: String) throws {
        try BinaryFile.writeAtomically(Array(text.utf8), to: path)
    }
}
