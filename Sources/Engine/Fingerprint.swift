import Formats

/// A 64-bit FNV-1a hash of bytes, to tell whether a file or a set of values changed.
///
/// It detects accidental changes, not deliberate ones: it is not a cryptographic hash.
public struct Fingerprint {
    private var hash: UInt64 = 0xcbf2_9ce4_8422_2325

    /// Starts the hash of an empty byte sequence.
    public init() {}

    /// Adds `bytes` to the hashed sequence.
    public mutating func add(_ bytes: UnsafeRawBufferPointer) {
        var value = hash
        for byte in bytes {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01b3
        }
        hash = value
    }

    /// Adds the bytes of `array`'s elements, in memory order.
    public mutating func add<Element>(_ array: [Element]) {
        array.withUnsafeBytes { add($0) }
    }

    /// Adds the UTF-8 bytes of `text` and a terminating zero byte, so that ("ab", "c") and
    /// ("a", "bc") hash differently.
    public mutating func add(_ text: String) {
        add(Array(text.utf8) + [0])
    }

    /// The hash of the bytes added so far.
    public var value: UInt64 { hash }

    /// The hash as 16 hex digits.
    public var hexDigits: String {
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// Returns the hash of `bytes` as 16 hex digits.
    public static func of(_ bytes: [UInt8]) -> String {
        var fingerprint = Fingerprint()
        fingerprint.add(bytes)
        return fingerprint.hexDigits
    }

    /// Returns the hash of the file at `path`.
    ///
    /// - Throws: `FormatError` when the file is missing or unreadable.
    public static func ofFile(path: String) throws -> String {
        of(try FileBytes.read(path: path))
    }
}
