import Formats

/// A 64-bit FNV-1a hash of bytes, to tell whether a file changed between two runs.
///
/// It detects accidental changes, not deliberate ones: it is not a cryptographic hash.
public enum Fingerprint {
    /// Returns the hash of `bytes` as 16 hex digits.
    public static func of(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// Returns the hash of the file at `path`.
    ///
    /// - Throws: `FormatError` when the file is missing or unreadable.
    public static func ofFile(path: String) throws -> String {
        of(try FileBytes.read(path: path))
    }
}
