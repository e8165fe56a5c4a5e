@testable import Rendering
import XCTest

final class PixelFontTests: XCTestCase {
    /// Returns the cell's pixels as rows of `#` (foreground) and `.`.
    private func picture(of character: Character) -> [String] {
        var grid = CellGrid(width: 1, height: 1)
        grid[0, 0] = Cell(character, foreground: RGB(255, 255, 255), background: RGB(0, 0, 0))
        let image = CellRaster().image(of: grid)
        return (0..<image.height).map { y in
            String((0..<image.width).map { image[$0, y] == RGB(255, 255, 255) ? "#" : "." })
        }
    }

    func testDigitOneIsDrawnInTheCellCentre() {
        let rows = picture(of: "1")
        XCTAssertEqual(rows.count, 16)
        // Rows 1 to 14 hold the glyph's seven rows, two pixels each, from column 1.
        XCTAssertEqual(rows[0], "........")
        XCTAssertEqual(rows[1], "...#....")
        XCTAssertEqual(rows[2], "...#....")
        XCTAssertEqual(rows[3], "..##....")
        XCTAssertEqual(rows[13], "..###...")
        XCTAssertEqual(rows[15], "........")
    }

    func testBrailleDotsLandOnTheirGrid() {
        // Dots 1 and 8: the top-left and the bottom-right.
        let rows = picture(of: "\u{2881}")
        XCTAssertEqual(rows[1], ".##.....")
        XCTAssertEqual(rows[13], ".....##.")
        XCTAssertEqual(rows.filter { $0.contains("#") }.count, 4)
    }

    func testEveryPrintableCharacterHasAGlyph() {
        for value in 33..<127 {
            let character = Character(UnicodeScalar(UInt8(value)))
            let rows = PixelFont.rows(of: character)
            XCTAssertEqual(rows?.count, 7, "\(character)")
            XCTAssertTrue(rows?.contains { $0 != 0 } ?? false, "\(character) is blank")
        }
        XCTAssertNil(PixelFont.rows(of: "é"))
    }
}
