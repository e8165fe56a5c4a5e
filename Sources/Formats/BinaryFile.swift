import Glibc

/// Whole-file and prefix reads, and atomic writes, with errors as `FormatError`.
///
/// Uses POSIX calls directly so that every failure maps to a message naming the path and the
/// reason (`not found`, `permission denied`, `is a folder`).
enum BinaryFile {
    /// Reads the whole file.
    static func read(path: String) throws -> [UInt8] {
        try withOpenFile(path: path) { descriptor, size in
            try readBytes(descriptor: descriptor, count: size, path: path)
        }
    }

    /// Reads at most `maxCount` bytes from the start, and returns them with the file size.
    static func readPrefix(path: String, maxCount: Int) throws -> (bytes: [UInt8], size: Int) {
        try withOpenFile(path: path) { descriptor, size in
            (try readBytes(descriptor: descriptor, count: min(size, maxCount), path: path), size)
        }
    }

    /// Writes `bytes` to a temporary file in the same folder, flushes it, then renames it.
    ///
    /// Readers see either the old file or the complete new one, never a partial write. On
    /// failure the temporary file is removed.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        let temporaryPath = temporaryPath(for: path)
        let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw systemError(path: path, action: "cannot create") }

        var succeeded = false
        defer {
            if !succeeded { unlink(temporaryPath) }
        }
        do {
            defer { close(descriptor) }
            try writeBytes(bytes, descriptor: descriptor, path: path)
            guard fsync(descriptor) == 0 else {
                throw systemError(path: path, action: "cannot flush")
            }
        }
        guard rename(temporaryPath, path) == 0 else {
            throw systemError(path: path, action: "cannot rename the temporary file over")
        }
        succeeded = true
    }

    private static func temporaryPath(for path: String) -> String {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let suffix = UInt32.random(in: 0...UInt32.max)
        return "\(folder).\(name).tmp-\(getpid())-\(suffix)"
    }

    private static func withOpenFile<T>(
        path: String, _ body: (Int32, Int) throws -> T
    ) throws -> T {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw systemError(path: path, action: "cannot open") }
        defer { close(descriptor) }

        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw systemError(path: path, action: "cannot read the size of")
        }
        guard (status.st_mode & S_IFMT) != S_IFDIR else {
            throw FormatError(file: path, message: "is a folder, expected a file")
        }
        return try body(descriptor, Int(status.st_size))
    }

    private static func readBytes(descriptor: Int32, count: Int, path: String) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let result = bytes.withUnsafeMutableBytes { buffer in
                Glibc.read(descriptor, buffer.baseAddress! + filled, count - filled)
            }
            if result < 0 && errno == EINTR { continue }
            guard result >= 0 else { throw systemError(path: path, action: "cannot read") }
            if result == 0 { break }
            filled += result
        }
        // When the file shrinks while it is read, this returns the bytes read so far, and the
        // format checks then report the file as truncated.
        return Array(bytes[0..<filled])
    }

    private static func writeBytes(_ bytes: [UInt8], descriptor: Int32, path: String) throws {
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                write(descriptor, buffer.baseAddress! + written, bytes.count - written)
            }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else { throw systemError(path: path, action: "cannot write") }
            written += result
        }
    }

    private static func systemError(path: String, action: String) -> FormatError {
        let code = errno
        switch code {
        case ENOENT:
            return FormatError(file: path, message: action == "cannot open"
                ? "not found" : "\(action) the file: the folder was not found")
        case EACCES:
            return FormatError(file: path, message: "\(action) the file: permission denied")
        default:
            let reason = String(cString: strerror(code))
            return FormatError(file: path, message: "\(action) the file: \(reason)")
        }
    }
}
