import FoundationXML
import Rendering
import XCTest

final class ExportTests: XCTestCase {
    private func sampleGrid() -> CellGrid {
        var grid = CellGrid(width: 4, height: 2)
        grid.write("a<b", x: 0, y: 0, foreground: RGB(255, 0, 0))
        grid[0, 1] = Cell("▀", foreground: RGB(0, 0, 255), background: RGB(0, 255, 0))
        grid[1, 1] = Cell(" ", background: RGB(10, 20, 30))
        return grid
    }

    func testPlainTextHasRowsWithoutEscapes() {
        let text = TextExport.plain(sampleGrid())
        // The half block averages luminances 0.07 and 0.72 to `=`; the dark space is `.`.
        XCTAssertEqual(text, "a<b\n=.\n")
        XCTAssertFalse(text.contains("\u{1B}"))
    }

    func testANSIUsesTrueColourAndResets() {
        let text = TextExport.ansi(sampleGrid())
        XCTAssertTrue(text.contains("\u{1B}[38;2;255;0;0;49ma<b"), text.debugDescription)
        XCTAssertTrue(text.contains("\u{1B}[38;2;0;0;255;48;2;0;255;0m▀"), text.debugDescription)
        XCTAssertEqual(text.components(separatedBy: "\u{1B}[0m\n").count, 3)
    }

    func testSVGParsesAsXML() throws {
        let document = SVGExport().document(sampleGrid())
        let parser = XMLParser(data: Data(document.utf8))
        XCTAssertTrue(parser.parse(), "\(String(describing: parser.parserError))")
        XCTAssertTrue(document.contains("a&lt;b"), "text is escaped")
        XCTAssertTrue(document.contains("fill=\"#0000ff\""), "half block drawn")
        XCTAssertTrue(document.contains("width=\"32\" height=\"32\""), "4x2 cells of 8x16")
    }

    func testRasterPaintsHalfBlocks() {
        let image = CellRaster().image(of: sampleGrid())
        XCTAssertEqual(image.width, 32)
        XCTAssertEqual(image.height, 32)
        XCTAssertEqual(image[3, 16 + 2], RGB(0, 0, 255), "upper half is the foreground")
        XCTAssertEqual(image[3, 16 + 12], RGB(0, 255, 0), "lower half is the background")
        XCTAssertEqual(image[12, 20], RGB(10, 20, 30))
    }
}
