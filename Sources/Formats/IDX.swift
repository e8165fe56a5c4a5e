/// Reads IDX files, the format of MNIST and Fashion-MNIST, plain or gzip-compressed.
///
/// Layout: two zero bytes, an element type byte, a rank byte r, r big-endian UInt32 extents,
/// then the elements in row-major order. Only unsigned bytes (type 0x08) are supported, which
/// is what image and label files of the MNIST family use. A file starting with the gzip magic
/// bytes (1f 8b) is decompressed first, whatever its name.
public enum IDX {
    /// Reads the shape and the elements.
    ///
    /// - Throws: `FormatError` when the file is missing, empty, has bad magic bytes, another
    ///   element type, fewer or more data bytes than its shape needs, or corrupt gzip data.
    public static func read(path: String) throws -> (shape: [Int], bytes: [UInt8]) {
        let file = try BinaryFile.read(path: path)
        guard !file.isEmpty else {
            throw FormatError(file: path, message: "file is empty, expected an IDX file")
        }
        var source = try ByteSource(file, path: path)

        let magic = try source.read(count: 4)
        try checkMagic(magic, path: path, compressed: source.isCompressed)
        let rank = Int(magic[3])
        let extents = try source.read(count: 4 * rank)
        guard extents.count == 4 * rank else {
            throw FormatError(file: path, message: "IDX header is truncated: expected "
                              + "\(rank) dimensions of 4 bytes, found \(extents.count) bytes")
        }
        let shape = (0..<rank).map { axis in
            extents[(4 * axis)..<(4 * axis + 4)].reduce(0) { $0 << 8 | Int($1) }
        }

        guard let count = SafetensorsHeader.byteCount(shape: shape, elementSize: 1) else {
            throw FormatError(file: path, message: "IDX shape \(shape) has more than 2^63 "
                              + "elements")
        }
        let bytes = try source.read(count: count)
        guard bytes.count == count else {
            throw FormatError(file: path, message: "IDX data is truncated: shape \(shape) "
                              + "needs \(count) bytes, found \(bytes.count)")
        }
        guard try source.isAtEnd() else {
            throw FormatError(file: path, message: "has bytes after the IDX data for shape "
                              + "\(shape), expected the file to end there")
        }
        return (shape, bytes)
    }

    private static func checkMagic(_ magic: [UInt8], path: String, compressed: Bool) throws {
        let hex = magic.map { String($0, radix: 16).leftPadded(to: 2) }.joined(separator: " ")
        guard magic.count == 4 else {
            throw FormatError(file: path, message: "IDX header is truncated: found \(magic.count) "
                              + "bytes (\(hex)), expected 4 magic bytes")
        }
        guard magic[0] == 0, magic[1] == 0, magic[3] > 0 else {
            let content = compressed ? "decompressed data starts" : "starts"
            throw FormatError(file: path, message: "\(content) with bytes \(hex), expected an "
                              + "IDX magic number (00 00 08 and a rank of 1 to 255) or gzip "
                              + "data (1f 8b)")
        }
        guard magic[2] == 0x08 else {
            let type = String(magic[2], radix: 16).leftPadded(to: 2)
            throw FormatError(file: path, message: "IDX element type is 0x\(type), expected 0x08 "
                              + "(unsigned byte), the only type supported")
        }
    }

    /// The file's bytes, decompressed on the way when they are gzip data.
    private struct ByteSource {
        private let plain: [UInt8]
        private var position = 0
        private let gzip: GzipStream?

        init(_ bytes: [UInt8], path: String) throws {
            let isGzip = bytes.starts(with: GzipStream.magic)
            plain = isGzip ? [] : bytes
            gzip = isGzip ? try GzipStream(bytes, path: path) : nil
        }

        var isCompressed: Bool { gzip != nil }

        mutating func read(count: Int) throws -> [UInt8] {
            if let gzip { return try gzip.read(count: count) }
            let end = position + min(count, plain.count - position)
            defer { position = end }
            return Array(plain[position..<end])
        }

        func isAtEnd() throws -> Bool {
            if let gzip { return try gzip.isAtEnd() }
            return position == plain.count
        }
    }
}

extension String {
    /// Pads the string with leading zeros to `width` characters.
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
