import CZlib
import XCTest

@testable import Formats

/// Builds the bytes of an IDX file of unsigned bytes with `shape`.
func idxFile(shape: [Int], data: [UInt8]) -> [UInt8] {
    var bytes: [UInt8] = [0, 0, 0x08, UInt8(shape.count)]
    for extent in shape { bytes += littleEndian(UInt64(extent), count: 4).reversed() }
    return bytes + data
}

/// Compresses `bytes` with zlib's gzip file API, as the `gzip` tool would.
func gzipped(_ bytes: [UInt8], folder: TemporaryFolder) throws -> [UInt8] {
    let path = "\(folder.path)/scratch-\(UUID().uuidString).gz"
    defer { try? FileManager.default.removeItem(atPath: path) }
    let file = try XCTUnwrap(gzopen(path, "wb"))
    let written = bytes.withUnsafeBytes { gzwrite(file, $0.baseAddress, UInt32($0.count)) }
    XCTAssertEqual(gzclose(file), Z_OK)
    XCTAssertEqual(Int(written), bytes.count)
    return try BinaryFile.read(path: path)
}

final class IDXTests: XCTestCase {
    private var folder: TemporaryFolder!

    override func setUpWithError() throws {
        folder = try TemporaryFolder()
    }

    override func tearDown() {
        folder.remove()
    }

    private let pixels: [UInt8] = Array(0..<24).map { UInt8($0 * 10) }

    func testPlain() throws {
        let path = try folder.write(idxFile(shape: [2, 3, 4], data: pixels), to: "images.idx")
        let read = try IDX.read(path: path)
        XCTAssertEqual(read.shape, [2, 3, 4])
        XCTAssertEqual(read.bytes, pixels)
    }

    func testGzip() throws {
        let compressed = try gzipped(idxFile(shape: [2, 3, 4], data: pixels), folder: folder)
        let path = try folder.write(compressed, to: "images-without-suffix")
        let read = try IDX.read(path: path)
        XCTAssertEqual(read.shape, [2, 3, 4])
        XCTAssertEqual(read.bytes, pixels)
    }

    func testConcatenatedGzipMembers() throws {
        let whole = idxFile(shape: [24], data: pixels)
        let compressed = try gzipped(Array(whole.prefix(10)), folder: folder)
            + gzipped(Array(whole.dropFirst(10)), folder: folder)
        let path = try folder.write(compressed, to: "two-members.gz")
        XCTAssertEqual(try IDX.read(path: path).bytes, pixels)
    }

    func testLargeGzip() throws {
        let data = (0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let compressed = try gzipped(idxFile(shape: [3, 1000, 1000], data: data), folder: folder)
        let path = try folder.write(compressed, to: "large.gz")
        XCTAssertEqual(try IDX.read(path: path).bytes, data)
    }

    func testEmptyShape() throws {
        let path = try folder.write(idxFile(shape: [0, 28, 28], data: []), to: "none.idx")
        let read = try IDX.read(path: path)
        XCTAssertEqual(read.shape, [0, 28, 28])
        XCTAssertEqual(read.bytes, [])
    }

    func testErrors() throws {
        let valid = idxFile(shape: [2, 3, 4], data: pixels)
        let compressed = try gzipped(valid, folder: folder)
        var corrupt = compressed
        for index in 12..<20 { corrupt[index] ^= 0xA5 }
        var floats = valid
        floats[2] = 0x0D
        let cases = [
            ErrorCase(name: "missing", bytes: nil, expected: "not found"),
            ErrorCase(name: "empty", bytes: [], expected: "file is empty, expected an IDX file"),
            ErrorCase(name: "magic", bytes: [0x12, 0x34, 0x56, 0x78, 0, 0, 0, 1, 5],
                      expected: "starts with bytes 12 34 56 78, expected an IDX magic number "
                        + "(00 00 08 and a rank of 1 to 255) or gzip data (1f 8b)"),
            ErrorCase(name: "magic-gz", bytes: try gzipped(Array("hello".utf8), folder: folder),
                      expected: "decompressed data starts with bytes 68 65 6c 6c"),
            ErrorCase(name: "rank-zero", bytes: [0, 0, 8, 0],
                      expected: "starts with bytes 00 00 08 00, expected an IDX magic number"),
            ErrorCase(name: "element-type", bytes: floats,
                      expected: "IDX element type is 0x0d, expected 0x08 (unsigned byte)"),
            ErrorCase(name: "short-magic", bytes: [0, 0],
                      expected: "IDX header is truncated: found 2 bytes (00 00), expected 4 "
                        + "magic bytes"),
            ErrorCase(name: "short-dims", bytes: Array(valid.prefix(9)),
                      expected: "IDX header is truncated: expected 3 dimensions of 4 bytes, "
                        + "found 5 bytes"),
            ErrorCase(name: "truncated", bytes: Array(valid.dropLast(5)),
                      expected: "IDX data is truncated: shape [2, 3, 4] needs 24 bytes, found 19"),
            ErrorCase(name: "trailing", bytes: valid + [0],
                      expected: "has bytes after the IDX data for shape [2, 3, 4], expected the "
                        + "file to end there"),
            ErrorCase(name: "huge-shape",
                      bytes: [0, 0, 8, 3] + [UInt8](repeating: 0xFF, count: 12) + [1],
                      expected: "IDX shape [4294967295, 4294967295, 4294967295] has more "
                        + "than 2^63 elements"),
            ErrorCase(name: "huge-claim",
                      bytes: try gzipped([0, 0, 8, 2, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0xFF, 0xFF],
                                         folder: folder),
                      expected: "IDX data is truncated: shape [4294967295, 65535] needs "
                        + "281470681677825 bytes, found 0"),
            ErrorCase(name: "gzip-corrupt", bytes: corrupt, expected: "corrupt gzip data: "),
            ErrorCase(name: "gzip-truncated", bytes: Array(compressed.prefix(compressed.count / 2)),
                      expected: "gzip data is truncated: the compressed stream ends early"),
            ErrorCase(name: "gzip-no-trailer", bytes: Array(compressed.dropLast(4)),
                      expected: "gzip data is truncated"),
            ErrorCase(name: "gzip-garbage", bytes: compressed + [1, 2, 3],
                      expected: "corrupt gzip data: unexpected bytes after the end of the "
                        + "compressed stream"),
        ]
        try assertErrors(cases, in: folder) { _ = try IDX.read(path: $0) }
    }
}
