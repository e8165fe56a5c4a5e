import Rendering
import XCTest

final class BrailleCanvasTests: XCTestCase {
    /// Unicode numbers the dots 1, 2, 3, 7 down the left column and 4, 5, 6, 8 down the
    /// right. Dot n adds 2^(n-1) to U+2800.
    func testSingleDotsFollowUnicodeNumbering() {
        let cases: [(x: Int, y: Int, scalar: UInt32)] = [
            (0, 0, 0x2801), (0, 1, 0x2802), (0, 2, 0x2804), (1, 0, 0x2808),
            (1, 1, 0x2810), (1, 2, 0x2820), (0, 3, 0x2840), (1, 3, 0x2880),
        ]
        for (x, y, scalar) in cases {
            var canvas = BrailleCanvas(columns: 1, rows: 1)
            canvas.set(x: x, y: y)
            var grid = CellGrid(width: 1, height: 1)
            canvas.render(into: &grid, x: 0, y: 0)
            XCTAssertEqual(grid[0, 0].character, Character(Unicode.Scalar(scalar)!),
                           "dot \(x),\(y)")
            XCTAssertTrue(canvas.isSet(x: x, y: y))
        }
    }

    func testDiagonalLine() {
        var canvas = BrailleCanvas(columns: 2, rows: 1)
        canvas.drawLine(fromDot: 0, 0, toDot: 3, 3)
        var grid = CellGrid(width: 2, height: 1)
        canvas.render(into: &grid, x: 0, y: 0)
        assertRows(grid, ["⠑⢄"])
    }

    func testHorizontalAndVerticalLines() {
        var canvas = BrailleCanvas(columns: 3, rows: 2)
        canvas.drawLine(fromDot: 0, 1, toDot: 5, 1)
        canvas.drawLine(fromDot: 2, 0, toDot: 2, 7)
        var grid = CellGrid(width: 3, height: 2, fill: Cell("."))
        canvas.render(into: &grid, x: 0, y: 0)
        assertRows(grid, ["⠒⡗⠒", ".⡇."])
    }

    func testLastColourInCellWins() {
        var canvas = BrailleCanvas(columns: 2, rows: 1)
        canvas.set(x: 0, y: 0, color: RGB(255, 0, 0))
        canvas.set(x: 1, y: 3, color: RGB(0, 0, 255))
        canvas.set(x: 2, y: 0, color: RGB(0, 255, 0))
        var grid = CellGrid(width: 2, height: 1)
        canvas.render(into: &grid, x: 0, y: 0)
        assertRows(grid, ["⢁⠁"])
        XCTAssertEqual(grid[0, 0].foreground, RGB(0, 0, 255))
        XCTAssertEqual(grid[1, 0].foreground, RGB(0, 255, 0))
    }

    func testDotsKeepBackgroundUnderneath() {
        var grid = CellGrid(width: 4, height: 1)
        grid[0, 0] = Cell(" ", background: RGB(10, 20, 30))
        grid[1, 0] = Cell("▀", foreground: RGB(0, 0, 0), background: RGB(200, 100, 50))
        grid[2, 0] = Cell("▄", foreground: RGB(40, 40, 40))
        grid[3, 0] = Cell("x", foreground: RGB(1, 1, 1), background: RGB(9, 9, 9))
        var canvas = BrailleCanvas(columns: 3, rows: 1)
        canvas.drawLine(fromDot: 0, 0, toDot: 5, 0, color: RGB(255, 255, 255))
        canvas.render(into: &grid, x: 0, y: 0)

        assertRows(grid, ["⠉⠉⠉x"])
        XCTAssertEqual(grid[0, 0].background, RGB(10, 20, 30))
        XCTAssertEqual(grid[1, 0].background, RGB(100, 50, 25), "mean of both half pixels")
        XCTAssertEqual(grid[2, 0].background, RGB(40, 40, 40), "the one known half pixel")
        XCTAssertEqual(grid[1, 0].foreground, RGB(255, 255, 255))
        XCTAssertEqual(grid[3, 0], Cell("x", foreground: RGB(1, 1, 1), background: RGB(9, 9, 9)))
    }

    func testOffsetAndClipping() {
        var canvas = BrailleCanvas(columns: 2, rows: 1)
        canvas.drawLine(fromDot: 0, 0, toDot: 3, 3)
        var grid = CellGrid(width: 3, height: 2, fill: Cell("."))
        canvas.render(into: &grid, x: 2, y: 1)
        assertRows(grid, ["...", "..⠑"])
    }

    func testFarAndNonFiniteLinesDoNotTrap() {
        var canvas = BrailleCanvas(columns: 2, rows: 1)
        canvas.drawLine(from: (-1e12, -1e12), to: (1e12, 1e12))
        canvas.drawLine(from: (.nan, 0), to: (3, 3))
        canvas.drawLine(from: (0, .infinity), to: (3, 3))
        canvas.drawLine(from: (50, 50), to: (90, 10))
        var grid = CellGrid(width: 2, height: 1)
        canvas.render(into: &grid, x: 0, y: 0)
        assertRows(grid, ["⠑⢄"])
    }

    func testPointLineSetsOneDot() {
        var canvas = BrailleCanvas(columns: 1, rows: 1)
        canvas.drawLine(from: (1.5, 2.5), to: (1.5, 2.5))
        XCTAssertEqual(canvas.pattern(column: 0, row: 0), 0x20)
    }
}

final class BrailleGlyphsTests: XCTestCase {
    /// Returns the dot bits of the listed dots of one cell.
    func pattern(_ dots: [(Int, Int)]) -> UInt8 {
        dots.reduce(0) { $0 | BrailleCanvas.bit(dx: $1.0, dy: $1.1) }
    }

    func testASCIILinesFollowSlope() {
        let cases: [(dots: [(Int, Int)], character: Character)] = [
            ([(0, 1), (1, 1)], "-"),
            ([(0, 1), (1, 2)], "\\"),
            ([(0, 0), (0, 1), (0, 2), (0, 3)], "|"),
            ([(1, 1), (1, 2)], "|"),
            ([(0, 3), (1, 0)], "/"),
            ([(0, 2), (0, 3), (1, 0), (1, 1)], "/"),
            ([(0, 0), (1, 1)], "\\"),
            ([(0, 0), (0, 1), (1, 2), (1, 3)], "\\"),
            ([(1, 2)], "."),
            ([(0, 0), (0, 1), (0, 2), (0, 3), (1, 0), (1, 1), (1, 2), (1, 3)], "*"),
        ]
        for (dots, character) in cases {
            XCTAssertEqual(BrailleGlyphs.asciiLines.character(pattern: pattern(dots)),
                           character, "\(dots)")
        }
    }

    func testEmptyCellHasNoCharacter() {
        for glyphs in [BrailleGlyphs.braille, .asciiLines, .asciiMark("*")] {
            XCTAssertNil(glyphs.character(pattern: 0), "\(glyphs)")
        }
    }

    func testASCIICanvasWritesOnlyASCII() {
        var canvas = BrailleCanvas(columns: 4, rows: 2)
        canvas.drawLine(fromDot: 0, 7, toDot: 7, 0)
        canvas.drawLine(fromDot: 0, 1, toDot: 7, 1)
        var lines = CellGrid(width: 4, height: 2)
        canvas.render(into: &lines, x: 0, y: 0, glyphs: .asciiLines)
        assertRows(lines, ["--*-", "//  "])
        var marks = CellGrid(width: 4, height: 2)
        canvas.render(into: &marks, x: 0, y: 0, glyphs: .asciiMark("o"))
        assertRows(marks, ["oooo", "oo  "])
    }
}
