import Numerics

/// A standalone architecture JSON file, as `landscape train --arch FILE` reads it.
///
/// The schema is the one a model file keeps in its `architecture` metadata entry.
public enum ArchitectureFile {
    /// Reads and checks the architecture in `path`.
    ///
    /// - Throws: `FormatError` naming the file and the field for unreadable, invalid or
    ///   inconsistent architectures.
    public static func read(path: String) throws -> Architecture {
        let bytes = try BinaryFile.read(path: path)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw FormatError(file: path, message: "is not UTF-8 text, expected architecture JSON")
        }
        return try ArchitectureJSON.decode(text, path: path)
    }
}
