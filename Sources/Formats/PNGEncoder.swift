import CZlib

/// Encodes 8-bit RGB pixels as a PNG file (colour type 2, no interlace, zlib-compressed).
public enum PNGEncoder {
    /// Returns the PNG bytes of a `width` x `height` image whose `pixels` hold red, green
    /// and blue per pixel, rows from the top.
    ///
    /// - Throws: `FormatError` naming `path` when the sizes disagree or zlib fails.
    public static func encode(width: Int, height: Int, pixels: [UInt8],
                              path: String) throws -> [UInt8] {
        guard width > 0, height > 0, pixels.count == width * height * 3 else {
            throw FormatError(file: path, message: "cannot encode a \(width)x\(height) PNG "
                              + "from \(pixels.count) bytes, expected \(width * height * 3)")
        }
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        let header = bigEndian(UInt32(width)) + bigEndian(UInt32(height)) + [8, 2, 0, 0, 0]
        png += chunk("IHDR", header)
        png += chunk("IDAT", try compressed(scanlines(width: width, height: height,
                                                          pixels: pixels), path: path))
        png += chunk("IEND", [])
        return png
    }

    /// Returns the image rows, each prefixed with filter type 0 (none).
    private static func scanlines(width: Int, height: Int, pixels: [UInt8]) -> [UInt8] {
        var data: [UInt8] = []
        data.reserveCapacity((width * 3 + 1) * height)
        for row in 0..<height {
            data.append(0)
            data += pixels[(row * width * 3)..<((row + 1) * width * 3)]
        }
        return data
    }

    private static func compressed(_ data: [UInt8], path: String) throws -> [UInt8] {
        var size = compressBound(uLong(data.count))
        var output = [UInt8](repeating: 0, count: Int(size))
        let status = compress2(&output, &size, data, uLong(data.count), 6)
        guard status == Z_OK else {
            throw FormatError(file: path, message: "zlib failed to compress the image "
                              + "(status \(status))")
        }
        return Array(output[0..<Int(size)])
    }

    private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeBytes = Array(type.utf8)
        let body = typeBytes + data
        let checksum = body.withUnsafeBufferPointer {
            crc32(0, $0.baseAddress, uInt($0.count))
        }
        return bigEndian(UInt32(data.count)) + body + bigEndian(UInt32(checksum))
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF),
         UInt8(value & 0xFF)]
    }
}
