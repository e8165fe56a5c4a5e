import Rendering
import XCTest

final class PaletteQuantizerTests: XCTestCase {
    func testIndex256Table() {
        let cases: [(RGB, Int)] = [
            (RGB(0, 0, 0), 16),
            (RGB(255, 255, 255), 231),
            (RGB(255, 0, 0), 196),
            (RGB(128, 128, 128), 244),
            (RGB(8, 8, 8), 232),
            (RGB(3, 3, 3), 16),
            (RGB(95, 135, 175), 67),
            (RGB(hex: 0xFDE725), 220),
        ]
        for (color, expected) in cases {
            XCTAssertEqual(PaletteQuantizer.index256(for: color), expected, "\(color)")
        }
    }

    func testIndex8Table() {
        let cases: [(RGB, Int)] = [
            (RGB(255, 0, 0), 1),
            (RGB(hex: 0xFDE725), 3),
            (RGB(hex: 0x440154), 0),
            (RGB(hex: 0x21908C), 6),
            (RGB(250, 250, 250), 7),
        ]
        for (color, expected) in cases {
            XCTAssertEqual(PaletteQuantizer.index8(for: color), expected, "\(color)")
        }
    }
}
