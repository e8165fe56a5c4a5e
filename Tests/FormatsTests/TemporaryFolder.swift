import Foundation
import XCTest

@testable import Formats

/// A fresh folder under the system temporary folder, removed by `remove()`.
struct TemporaryFolder {
    let path: String

    init() throws {
        let base = FileManager.default.temporaryDirectory.path
        path = "\(base)/formats-tests-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes `bytes` to `name` in the folder and returns the file's path.
    @discardableResult
    func write(_ bytes: [UInt8], to name: String) throws -> String {
        let file = "\(path)/\(name)"
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        return file
    }

    func contents() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path).sorted()
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// One input that a reader must reject, and a part of the message it must give.
struct ErrorCase {
    let name: String
    /// The file's bytes; nil leaves the file absent.
    let bytes: [UInt8]?
    let expected: String
}

/// Runs `read` on a file per case and checks that it throws a `FormatError` naming the file
/// and containing the expected text.
func assertErrors(
    _ cases: [ErrorCase], in folder: TemporaryFolder, read: (String) throws -> Void,
    file: StaticString = #filePath, line: UInt = #line
) throws {
    for errorCase in cases {
        let path = "\(folder.path)/\(errorCase.name)"
        if let bytes = errorCase.bytes { try folder.write(bytes, to: errorCase.name) }
        do {
            try read(path)
            XCTFail("\(errorCase.name): no error, expected \"\(errorCase.expected)\"",
                    file: file, line: line)
        } catch let error as FormatError {
            XCTAssertEqual(error.file, path, "\(errorCase.name)", file: file, line: line)
            XCTAssertTrue(error.description.hasPrefix("\(path): "), "\(errorCase.name)",
                          file: file, line: line)
            XCTAssertTrue(error.message.contains(errorCase.expected),
                          "\(errorCase.name): message \"\(error.message)\" lacks "
                          + "\"\(errorCase.expected)\"", file: file, line: line)
            XCTAssertFalse(error.description.contains("\n"), "\(errorCase.name): not one line",
                           file: file, line: line)
        }
    }
}

/// Splits the lowest `count` bytes of `value` into little-endian order.
func littleEndian(_ value: UInt64, count: Int) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
}

func float32Bytes(_ values: [Float]) -> [UInt8] {
    values.flatMap { littleEndian(UInt64($0.bitPattern), count: 4) }
}

/// Builds a safetensors file with `header` as its JSON text and `data` as its data section.
///
/// `declaredLength` replaces the header length field, for files that lie about it.
func safetensorsFile(header: String, data: [UInt8] = [], declaredLength: UInt64? = nil)
    -> [UInt8]
{
    let headerBytes = Array(header.utf8)
    return littleEndian(declaredLength ?? UInt64(headerBytes.count), count: 8) + headerBytes
        + data
}

/// A tensor for `safetensorsFile(tensors:metadata:)`: raw bytes with a dtype and shape.
struct RawTensor {
    var name: String
    var dtype: String
    var shape: [Int]
    var data: [UInt8]

    init(_ name: String, dtype: String = "F32", shape: [Int], data: [UInt8]) {
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.data = data
    }

    /// Makes an F32 tensor filled with 0.5, 1.5, 2.5, ...
    init(_ name: String, shape: [Int]) {
        let count = shape.reduce(1, *)
        self.init(name, shape: shape, data: float32Bytes((0..<count).map { Float($0) + 0.5 }))
    }
}

/// Builds a safetensors file with the tensors packed in order and correct offsets.
func safetensorsFile(tensors: [RawTensor], metadata: [String: String]? = nil) -> [UInt8] {
    var members: [String] = []
    if let metadata {
        let pairs = metadata.sorted { $0.key < $1.key }
            .map { "\(jsonString($0.key)):\(jsonString($0.value))" }
        members.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
    }
    var offset = 0
    for tensor in tensors {
        let end = offset + tensor.data.count
        members.append("\(jsonString(tensor.name)):{\"dtype\":\"\(tensor.dtype)\","
                       + "\"shape\":\(tensor.shape),\"data_offsets\":[\(offset),\(end)]}")
        offset = end
    }
    return safetensorsFile(header: "{\(members.joined(separator: ","))}",
                           data: tensors.flatMap(\.data))
}

/// Encodes `text` as a JSON string literal, using Foundation as an independent reference.
func jsonString(_ text: String) -> String {
    let data = try! JSONSerialization.data(withJSONObject: [text], options: [])
    let array = String(decoding: data, as: UTF8.self)
    return String(array.dropFirst().dropLast())
}
