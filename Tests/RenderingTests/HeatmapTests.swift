import Rendering
import XCTest

final class HeatmapTests: XCTestCase {
    /// Values 0...8 land exactly on the nine viridis stops. Rows 2 and 3 mix in pending (nil),
    /// NaN and infinity, which must not stretch the range 0...8.
    let values = ValueGrid(rows: [
        [0, 2, 4, 8],
        [8, 6, 4, 0],
        [1, nil, .nan, 3],
        [nil, 5, 7, .infinity],
    ])
    let diverged = RGB(hex: 0xE0301E)

    func testRangeIgnoresPendingAndDiverged() {
        XCTAssertEqual(values.finiteRange, ValueRange(lower: 0, upper: 8))
    }

    func testHalfBlockGlyphs() {
        var grid = CellGrid(width: 4, height: 2)
        Heatmap(style: .halfBlock).render(values, range: values.finiteRange,
                                          into: &grid, x: 0, y: 0)
        assertRows(grid, ["▀▀▀▀", "▀▄▀▀"])
    }

    func testHalfBlockColors() {
        var grid = CellGrid(width: 4, height: 2)
        Heatmap(style: .halfBlock).render(values, range: values.finiteRange,
                                          into: &grid, x: 0, y: 0)
        let expected: [(x: Int, y: Int, fg: RGB?, bg: RGB?)] = [
            (0, 0, viridisStop(0), viridisStop(8)),
            (1, 0, viridisStop(2), viridisStop(6)),
            (2, 0, viridisStop(4), viridisStop(4)),
            (3, 0, viridisStop(8), viridisStop(0)),
            (0, 1, viridisStop(1), nil),
            (1, 1, viridisStop(5), nil),
            (2, 1, diverged, viridisStop(7)),
            (3, 1, viridisStop(3), diverged),
        ]
        for cell in expected {
            XCTAssertEqual(grid[cell.x, cell.y].foreground, cell.fg, "fg at \(cell.x),\(cell.y)")
            XCTAssertEqual(grid[cell.x, cell.y].background, cell.bg, "bg at \(cell.x),\(cell.y)")
        }
    }

    func testShadeRamp() {
        var grid = CellGrid(width: 4, height: 4)
        Heatmap(style: .shadeRamp).render(values, range: values.finiteRange,
                                          into: &grid, x: 0, y: 0)
        assertRows(grid, [".-+@", "@#+.", ": !=", " *%!"])
        XCTAssertNil(grid[0, 0].foreground)
        XCTAssertNil(grid[0, 0].background)
    }

    func testSolidStyle() {
        var grid = CellGrid(width: 4, height: 4)
        Heatmap(style: .solid).render(values, range: values.finiteRange,
                                      into: &grid, x: 0, y: 0)
        assertRows(grid, ["    ", "    ", "  ! ", "   !"])
        XCTAssertEqual(grid[3, 0].background, viridisStop(8))
        XCTAssertNil(grid[1, 2].background, "pending")
        XCTAssertEqual(grid[2, 2].background, diverged)
    }

    func testAllPendingIsBlank() {
        var grid = CellGrid(width: 3, height: 2, fill: Cell("x"))
        let pending = ValueGrid(width: 3, height: 4)
        Heatmap(style: .halfBlock).render(pending, range: pending.finiteRange,
                                          into: &grid, x: 0, y: 0)
        assertRows(grid, ["   ", "   "])
        XCTAssertEqual(grid[1, 1], Cell.blank)
    }

    func testOddHeightLeavesLowerHalfPending() {
        var grid = CellGrid(width: 2, height: 2)
        let odd = ValueGrid(rows: [[0, 1], [1, 0], [0, 1]])
        Heatmap(style: .halfBlock).render(odd, range: odd.finiteRange, into: &grid, x: 0, y: 0)
        assertRows(grid, ["▀▀", "▀▀"])
        XCTAssertNil(grid[0, 1].background)
        XCTAssertEqual(grid[1, 1].foreground, viridisStop(8))
    }

    func testOffsetAndClipping() {
        var grid = CellGrid(width: 3, height: 2, fill: Cell("."))
        Heatmap(style: .shadeRamp).render(values, range: values.finiteRange,
                                          into: &grid, x: 1, y: 1)
        assertRows(grid, ["...", "..-"])
    }

    func testConstantValuesUseMiddleColor() {
        var grid = CellGrid(width: 2, height: 1)
        let flat = ValueGrid(rows: [[3, 3], [3, 3]])
        Heatmap(style: .halfBlock).render(flat, range: flat.finiteRange, into: &grid, x: 0, y: 0)
        XCTAssertEqual(grid[0, 0].foreground, viridisStop(4))
    }
}
