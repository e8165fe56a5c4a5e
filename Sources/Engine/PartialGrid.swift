import Formats

/// The finished points of an interrupted headless run, kept in a sidecar file for resuming.
///
/// The file is text: a first line `landscape-partial 1`, a line `key <key>`, then one line
/// per finished point, `<index> <loss bits> <accuracy bits>`, the Float bit patterns in hex so
/// that NaN and infinities come back exactly. A run resumes only from a file whose key equals
/// its own, the key naming everything that changes the values.
public struct PartialGrid: Equatable {
    public var key: String
    /// Value per point index, nil for points not finished.
    public var values: [PointValue?]

    public init(key: String, values: [PointValue?]) {
        self.key = key
        self.values = values
    }

    private static let firstLine = "landscape-partial 1"

    /// Writes the file atomically.
    ///
    /// - Throws: `FormatError` when the file cannot be written.
    public func write(to path: String) throws {
        var text = Self.firstLine + "\nkey \(key)\n"
        for (index, value) in values.enumerated() {
            guard let value else { continue }
            let loss = String(value.loss.bitPattern, radix: 16)
            let accuracy = String(value.accuracy.bitPattern, radix: 16)
            text += "\(index) \(loss) \(accuracy)\n"
        }
        try FileBytes.writeAtomically(Array(text.utf8), to: path)
    }

    /// Reads the file for a grid of `count` points, or returns nil when there is none.
    ///
    /// - Throws: `FormatError` when the file exists but is unreadable or malformed, or names
    ///   a point outside `0..<count`.
    public static func read(path: String, count: Int) throws -> PartialGrid? {
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.read(path: path)
        } catch let error as FormatError where error.message == "not found" {
            return nil
        }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
        guard lines.count >= 2, lines[0] == firstLine, lines[1].hasPrefix("key ") else {
            throw FormatError(file: path, message: "not a partial-results file, expected "
                              + "'\(firstLine)' and a key line at the start")
        }
        var values = [PointValue?](repeating: nil, count: count)
        for (number, line) in lines.dropFirst(2).enumerated() {
            let fields = line.split(separator: " ")
            guard fields.count == 3, let index = Int(fields[0]), values.indices.contains(index),
                  let loss = UInt32(fields[1], radix: 16),
                  let accuracy = UInt32(fields[2], radix: 16)
            else {
                throw FormatError(file: path, message: "line \(number + 3) is invalid, expected "
                                  + "a point index below \(count) and two hex numbers")
            }
            values[index] = PointValue(loss: Float(bitPattern: loss),
                                       accuracy: Float(bitPattern: accuracy))
        }
        return PartialGrid(key: String(lines[1].dropFirst(4)), values: values)
    }
}
