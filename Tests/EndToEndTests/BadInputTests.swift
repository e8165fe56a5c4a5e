import Foundation
import XCTest

/// `landscape info` on broken model files: one stderr line naming the file, exit status 1.
final class BadInputTests: XCTestCase {
    private var folder = ""

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "landscape-bad-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// The architecture of a tiny valid model: flatten, then dense 4 → 2.
    private let architecture = """
        {"format": "landscape-model", "version": 1,
         "input": {"shape": [1, 2, 2], "mean": 0, "std": 1},
         "layers": [{"type": "flatten"},
                    {"type": "dense", "name": "fc", "in_features": 4, "out_features": 2}]}
        """

    /// Builds safetensors bytes from (name, dtype, shape, byte count) entries and metadata.
    private func safetensors(_ tensors: [(String, String, [Int], Int)],
                             metadata: [String: String]?) throws -> Data {
        var header: [String: Any] = [:]
        var offset = 0
        for (name, dtype, shape, bytes) in tensors {
            header[name] = ["dtype": dtype, "shape": shape,
                            "data_offsets": [offset, offset + bytes]]
            offset += bytes
        }
        if let metadata { header["__metadata__"] = metadata }
        let json = try JSONSerialization.data(withJSONObject: header)
        var length = UInt64(json.count).littleEndian
        var data = Data(bytes: &length, count: 8)
        data.append(json)
        data.append(Data(count: offset))
        return data
    }

    private func write(_ name: String, _ data: Data) throws -> String {
        let path = folder + "/" + name
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    private var validTensors: [(String, String, [Int], Int)] {
        [("fc.weight", "F32", [2, 4], 32), ("fc.bias", "F32", [2], 8)]
    }

    /// Runs `landscape info PATH` and checks the one-line error and the exit status.
    private func assertRejected(_ path: String, mentions words: [String],
                                file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try Package.run(["info", path])
        XCTAssertEqual(result.status, 1, "exit status for \(path)", file: file, line: line)
        let lines = result.err.split(separator: "\n", omittingEmptySubsequences: true)
        XCTAssertEqual(lines.count, 1, "stderr: \(result.err)", file: file, line: line)
        for word in [path] + words {
            XCTAssertTrue(result.err.contains(word), "'\(word)' missing in: \(result.err)",
                          file: file, line: line)
        }
    }

    func testValidTinyModelIsAccepted() throws {
        let path = try write("valid.safetensors", safetensors(
            validTensors, metadata: ["architecture": architecture]))
        let result = try Package.run(["info", path])
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertTrue(result.out.contains("total parameters 10"), result.out)
    }

    func testMissingPath() throws {
        try assertRejected(folder + "/absent.safetensors", mentions: ["not found"])
    }

    func testEmptyFile() throws {
        try assertRejected(write("empty.safetensors", Data()), mentions: [])
    }

    func testTruncatedFile() throws {
        let whole = try safetensors(validTensors, metadata: ["architecture": architecture])
        try assertRejected(write("truncated.safetensors", whole.prefix(whole.count - 9)),
                           mentions: [])
    }

    func testOversizedHeader() throws {
        var length = UInt64(1 << 40).littleEndian
        var data = Data(bytes: &length, count: 8)
        data.append(Data("{}".utf8))
        try assertRejected(write("oversized.safetensors", data), mentions: ["header"])
    }

    func testWrongDtype() throws {
        let tensors = [("fc.weight", "I32", [2, 4], 32), ("fc.bias", "F32", [2], 8)]
        let path = try write("dtype.safetensors", safetensors(
            tensors, metadata: ["architecture": architecture]))
        try assertRejected(path, mentions: ["fc.weight", "I32"])
    }

    func testWrongShape() throws {
        let tensors = [("fc.weight", "F32", [2, 3], 24), ("fc.bias", "F32", [2], 8)]
        let path = try write("shape.safetensors", safetensors(
            tensors, metadata: ["architecture": architecture]))
        try assertRejected(path, mentions: ["fc.weight"])
    }

    func testMissingTensor() throws {
        let path = try write("missing.safetensors", safetensors(
            [("fc.weight", "F32", [2, 4], 32)], metadata: ["architecture": architecture]))
        try assertRejected(path, mentions: ["fc.bias"])
    }

    func testNotAModel() throws {
        let path = try write("plain.safetensors", safetensors(validTensors, metadata: nil))
        try assertRejected(path, mentions: ["architecture"])
    }

    func testTextFileIsNotAModel() throws {
        let path = try write("notes.safetensors", Data("just some notes\n".utf8))
        try assertRejected(path, mentions: [])
    }

    func testUnknownLayerType() throws {
        let attention = architecture.replacingOccurrences(
            of: "{\"type\": \"flatten\"}", with: "{\"type\": \"attention\", \"name\": \"attn\"}")
        let path = try write("attention.safetensors", safetensors(
            validTensors, metadata: ["architecture": attention]))
        try assertRejected(path, mentions: ["attention", "dense"])
    }

    func testShapeMismatchBetweenLayers() throws {
        let mismatch = architecture.replacingOccurrences(of: "\"in_features\": 4",
                                                         with: "\"in_features\": 5")
        let tensors = [("fc.weight", "F32", [2, 5], 40), ("fc.bias", "F32", [2], 8)]
        let path = try write("chain.safetensors", safetensors(
            tensors, metadata: ["architecture": mismatch]))
        try assertRejected(path, mentions: ["fc"])
    }
}
