/// The checked header of a safetensors file: tensor entries in data order and the metadata.
///
/// Layout: an 8-byte little-endian header length N, N bytes of JSON, then the data section.
/// Parsing checks every entry against the file size before any tensor byte is touched, so a
/// damaged or hostile file raises `FormatError` and never reads out of bounds.
struct SafetensorsHeader {
    /// One tensor's dtype, shape and byte range, relative to the start of the data section.
    struct Entry {
        var name: String
        var dtype: SafetensorsDType
        var shape: [Int]
        var begin: Int
        var end: Int
    }

    /// The largest header accepted, the same limit as the reference implementation (100 MB).
    static let maxLength = 100_000_000

    /// Tensors sorted by data offset, which is header order for files this program writes.
    var entries: [Entry]
    var metadata: [String: String]
    /// File offset of the data section: 8 + N.
    var dataStart: Int

    /// Parses the header from the first bytes of a file of `fileSize` bytes.
    ///
    /// - Parameters:
    ///   - prefix: the file's first bytes, at least `8 + N` of them when the file has them.
    ///   - fileSize: the whole file's size, for checking that the data section is complete.
    ///   - path: the file name for error messages.
    static func parse(prefix: [UInt8], fileSize: Int, path: String) throws -> SafetensorsHeader {
        let fail = { (message: String) in FormatError(file: path, message: message) }
        let length = try headerLength(prefix: prefix, fileSize: fileSize, path: path)
        guard prefix.count >= 8 + length else {
            throw fail("header is truncated: expected \(length) bytes, found \(prefix.count - 8)")
        }

        let json: JSONValue
        do {
            json = try JSONParser.parse(Array(prefix[8..<(8 + length)]))
        } catch let error as JSONParser.SyntaxError {
            throw fail("header is not valid JSON: \(error.message) at byte \(error.offset) "
                       + "of the header")
        }
        guard case let .object(members) = json else {
            throw fail("header is \(json.kindDescription), expected a JSON object")
        }

        var header = SafetensorsHeader(entries: [], metadata: [:], dataStart: 8 + length)
        let dataSize = fileSize - header.dataStart
        for (key, value) in members {
            if key == "__metadata__" {
                header.metadata = try parseMetadata(value, path: path)
            } else {
                header.entries.append(try parseEntry(key, value, dataSize: dataSize, path: path))
            }
        }
        header.entries = header.entries.enumerated()
            .sorted { ($0.element.begin, $0.element.end, $0.offset)
                < ($1.element.begin, $1.element.end, $1.offset) }
            .map(\.element)
        try checkTiling(header.entries, dataSize: dataSize, path: path)
        return header
    }

    /// Reads and bounds-checks N, the header length.
    private static func headerLength(prefix: [UInt8], fileSize: Int, path: String) throws -> Int {
        let fail = { (message: String) in FormatError(file: path, message: message) }
        guard fileSize > 0 else { throw fail("file is empty, expected a safetensors file") }
        guard fileSize >= 8, prefix.count >= 8 else {
            throw fail("file has \(fileSize) bytes, too short for the 8-byte header length "
                       + "that starts a safetensors file")
        }
        var length: UInt64 = 0
        for k in 0..<8 { length |= UInt64(prefix[k]) << (8 * k) }
        guard length <= UInt64(maxLength) else {
            throw fail("header length \(length) bytes exceeds the 100 MB limit, so the file "
                       + "is damaged or not a safetensors file")
        }
        guard length <= UInt64(fileSize - 8) else {
            throw fail("header length \(length) bytes is larger than the rest of the file "
                       + "(\(fileSize - 8) bytes), so the file is truncated or not a "
                       + "safetensors file")
        }
        return Int(length)
    }

    private static func parseMetadata(_ value: JSONValue, path: String) throws -> [String: String] {
        guard case let .object(members) = value else {
            throw FormatError(file: path, message: "__metadata__ is \(value.kindDescription), "
                              + "expected an object of string values")
        }
        var metadata: [String: String] = [:]
        for (key, item) in members {
            guard let text = item.stringValue else {
                throw FormatError(file: path, message: "__metadata__.\(key) is "
                                  + "\(item.kindDescription), expected a string")
            }
            metadata[key] = text
        }
        return metadata
    }

    private static func parseEntry(
        _ name: String, _ value: JSONValue, dataSize: Int, path: String
    ) throws -> Entry {
        let fail = { (message: String) in
            FormatError(file: path, message: "tensor \(name): \(message)")
        }
        guard case .object = value else {
            throw fail("header entry is \(value.kindDescription), expected an object with "
                       + "dtype, shape and data_offsets")
        }

        guard let dtypeValue = value["dtype"] else { throw fail("missing field \"dtype\"") }
        guard let dtypeName = dtypeValue.stringValue else {
            throw fail("dtype is \(dtypeValue.kindDescription), expected a string such as \"F32\"")
        }
        guard let dtype = SafetensorsDType(rawValue: dtypeName) else {
            let known = SafetensorsDType.allCases.map(\.rawValue).joined(separator: ", ")
            throw fail("unknown dtype \"\(dtypeName)\", expected one of \(known)")
        }

        let shape = try nonNegativeIntegers(value["shape"], field: "shape", fail: fail)
        let offsets = try nonNegativeIntegers(value["data_offsets"], field: "data_offsets",
                                              fail: fail)
        guard offsets.count == 2, offsets[0] <= offsets[1] else {
            throw fail("data_offsets is \(offsets), expected [begin, end] with begin ≤ end")
        }
        guard offsets[1] <= dataSize else {
            throw fail("data_offsets \(offsets) end past the data section (\(dataSize) bytes), "
                       + "so the file is truncated")
        }

        guard let byteCount = byteCount(shape: shape, elementSize: dtype.size),
              byteCount == offsets[1] - offsets[0] else {
            throw fail("data_offsets \(offsets) span \(offsets[1] - offsets[0]) bytes, expected "
                       + "\(describeByteCount(shape: shape, dtype: dtype)) for \(dtype.rawValue) "
                       + "of shape \(shape)")
        }
        return Entry(name: name, dtype: dtype, shape: shape, begin: offsets[0], end: offsets[1])
    }

    private static func nonNegativeIntegers(
        _ value: JSONValue?, field: String, fail: (String) -> FormatError
    ) throws -> [Int] {
        guard let value else { throw fail("missing field \"\(field)\"") }
        guard case let .array(elements) = value else {
            throw fail("\(field) is \(value.kindDescription), expected an array of integers")
        }
        return try elements.map { element in
            guard let number = element.intValue, number >= 0 else {
                throw fail("\(field) contains \(element.serialized), "
                           + "expected integers from 0 to 2^63-1")
            }
            return number
        }
    }

    /// Computes the byte size of a tensor, or nil when it does not fit in `Int`.
    static func byteCount(shape: [Int], elementSize: Int) -> Int? {
        var total = elementSize
        for extent in shape {
            let (product, overflow) = total.multipliedReportingOverflow(by: extent)
            if overflow { return nil }
            total = product
        }
        return total
    }

    private static func describeByteCount(shape: [Int], dtype: SafetensorsDType) -> String {
        byteCount(shape: shape, elementSize: dtype.size).map(String.init) ?? "more than 2^63"
    }

    /// Checks that the entries, sorted by offset, cover the data section with no gap or overlap.
    private static func checkTiling(_ entries: [Entry], dataSize: Int, path: String) throws {
        var covered = 0
        var previous: String?
        for entry in entries {
            guard entry.begin == covered else {
                let after = previous.map { "the end of tensor \($0)" } ?? "the start of the data"
                let problem = entry.begin < covered ? "overlaps" : "leaves a gap after"
                throw FormatError(
                    file: path,
                    message: "tensor \(entry.name): data_offsets [\(entry.begin), \(entry.end)] "
                        + "\(problem) \(after) (byte \(covered)), expected tensors packed "
                        + "back to back")
            }
            covered = entry.end
            previous = entry.name
        }
        guard covered == dataSize else {
            throw FormatError(file: path, message: "tensors cover \(covered) bytes of the "
                              + "\(dataSize)-byte data section, expected all of it")
        }
    }
}
