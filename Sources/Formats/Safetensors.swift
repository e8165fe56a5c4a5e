import Numerics

/// Reads and writes safetensors files: named tensors plus string metadata.
///
/// Format: an 8-byte little-endian header length N, N bytes of JSON mapping each tensor name
/// to `{"dtype", "shape", "data_offsets": [begin, end]}` (offsets relative to the data
/// section) with optional `"__metadata__"` string pairs, then the data section.
public enum Safetensors {
    /// Reads every tensor, in data-offset order, and the metadata.
    ///
    /// F32 tensors load as they are, and F64, F16 and BF16 convert to `Float`.
    /// - Throws: `FormatError` when the file is missing, damaged, or has a tensor of another
    ///   dtype.
    public static func read(path: String) throws
        -> (tensors: Parameters, metadata: [String: String])
    {
        let bytes = try BinaryFile.read(path: path)
        let header = try SafetensorsHeader.parse(prefix: bytes, fileSize: bytes.count, path: path)
        var tensors = Parameters()
        for entry in header.entries {
            tensors[entry.name] = try tensor(entry, in: bytes, header: header, path: path)
        }
        return (tensors, header.metadata)
    }

    /// Reads and checks only the header, without loading the tensor data.
    static func readHeader(path: String) throws -> SafetensorsHeader {
        let (start, _) = try BinaryFile.readPrefix(path: path, maxCount: 8)
        var length = 0
        for (k, byte) in start.enumerated() { length |= Int(byte) << (8 * k) }
        // A bad length is left for `parse` to report; this only bounds the read.
        let headerCount = start.count == 8 && (0...SafetensorsHeader.maxLength).contains(length)
            ? length : 0
        let (prefix, size) = try BinaryFile.readPrefix(path: path, maxCount: 8 + headerCount)
        return try SafetensorsHeader.parse(prefix: prefix, fileSize: size, path: path)
    }

    /// Decodes one checked entry of `bytes`, the whole file, into a `Float` tensor.
    static func tensor(
        _ entry: SafetensorsHeader.Entry, in bytes: [UInt8], header: SafetensorsHeader,
        path: String
    ) throws -> Tensor {
        let slice = bytes[(header.dataStart + entry.begin)..<(header.dataStart + entry.end)]
        guard let values = entry.dtype.floats(from: slice) else {
            let accepted = SafetensorsDType.convertible.map(\.rawValue).joined(separator: ", ")
            throw FormatError(file: path, message: "tensor \(entry.name) has dtype "
                              + "\(entry.dtype.rawValue), expected one of \(accepted)")
        }
        return Tensor(shape: entry.shape, data: values)
    }

    /// Writes the tensors as F32 in `Parameters` order, with the metadata, atomically.
    ///
    /// Writes a temporary file in the same folder, then renames it over `path`, so readers
    /// never see a partial file. The header is padded with spaces to a multiple of 8 bytes,
    /// which aligns the data section; an empty `metadata` writes no `__metadata__` entry.
    /// - Throws: `FormatError` when a tensor is named `__metadata__` or the file cannot be
    ///   written.
    public static func write(
        _ tensors: Parameters, metadata: [String: String], to path: String
    ) throws {
        guard !tensors.names.contains("__metadata__") else {
            throw FormatError(file: path, message: "cannot write a tensor named __metadata__, "
                              + "the name safetensors reserves for metadata")
        }
        var headerBytes = Array(headerJSON(tensors, metadata: metadata).serialized.utf8)
        headerBytes += [UInt8](repeating: 0x20, count: (8 - headerBytes.count % 8) % 8)

        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + headerBytes.count + 4 * tensors.scalarCount)
        appendLittleEndian(UInt64(headerBytes.count), byteCount: 8, to: &bytes)
        bytes += headerBytes
        for name in tensors.names {
            for value in tensors[name]?.data ?? [] {
                appendLittleEndian(UInt64(value.bitPattern), byteCount: 4, to: &bytes)
            }
        }
        try BinaryFile.writeAtomically(bytes, to: path)
    }

    private static func appendLittleEndian(
        _ value: UInt64, byteCount: Int, to bytes: inout [UInt8]
    ) {
        for k in 0..<byteCount { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * k))) }
    }

    private static func headerJSON(_ tensors: Parameters, metadata: [String: String]) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = []
        if !metadata.isEmpty {
            let pairs = metadata.sorted { $0.key < $1.key }
                .map { (key: $0.key, value: JSONValue.string($0.value)) }
            members.append(("__metadata__", .object(pairs)))
        }
        var offset = 0
        for name in tensors.names {
            guard let tensor = tensors[name] else { continue }
            let end = offset + 4 * tensor.count
            members.append((name, .object([
                ("dtype", .string("F32")),
                ("shape", .array(tensor.shape.map(JSONValue.integer))),
                ("data_offsets", .array([.integer(offset), .integer(end)])),
            ])))
            offset = end
        }
        return .object(members)
    }
}
