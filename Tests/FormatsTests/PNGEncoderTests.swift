import CZlib
import Formats
import XCTest

final class PNGEncoderTests: XCTestCase {
    /// Splits a PNG into (type, data) chunks, checking each CRC.
    private func chunks(_ png: [UInt8]) throws -> [(String, [UInt8])] {
        var result: [(String, [UInt8])] = []
        var offset = 8
        func word(_ at: Int) -> Int {
            Int(png[at]) << 24 | Int(png[at + 1]) << 16 | Int(png[at + 2]) << 8 | Int(png[at + 3])
        }
        while offset < png.count {
            let length = word(offset)
            let body = Array(png[(offset + 4)..<(offset + 8 + length)])
            let crc = body.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
            XCTAssertEqual(Int(crc), word(offset + 8 + length), "CRC of chunk at \(offset)")
            result.append((String(decoding: body.prefix(4), as: UTF8.self),
                           Array(body.dropFirst(4))))
            offset += 12 + length
        }
        return result
    }

    func testTwoByTwoImageRoundTrips() throws {
        let pixels: [UInt8] = [255, 0, 0, 0, 255, 0, 0, 0, 255, 9, 8, 7]
        let png = try PNGEncoder.encode(width: 2, height: 2, pixels: pixels, path: "t.png")
        XCTAssertEqual(Array(png.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let parts = try chunks(png)
        XCTAssertEqual(parts.map(\.0), ["IHDR", "IDAT", "IEND"])
        XCTAssertEqual(parts[0].1, [0, 0, 0, 2, 0, 0, 0, 2, 8, 2, 0, 0, 0])

        var size = uLong(14)
        var raw = [UInt8](repeating: 0, count: 14)
        XCTAssertEqual(uncompress(&raw, &size, parts[1].1, uLong(parts[1].1.count)), Z_OK)
        XCTAssertEqual(raw, [0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 9, 8, 7])
    }

    func testWrongPixelCountIsRejected() {
        XCTAssertThrowsError(try PNGEncoder.encode(width: 2, height: 2, pixels: [1, 2, 3],
                                                   path: "bad.png")) { error in
            XCTAssertTrue("\(error)".contains("bad.png"), "\(error)")
        }
    }
}
