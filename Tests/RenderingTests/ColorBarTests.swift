import Rendering
import XCTest

final class ColorBarTests: XCTestCase {
    func testHalfBlockBar() {
        var grid = CellGrid(width: 11, height: 3)
        let bar = ColorBar(heatmap: Heatmap(style: .halfBlock))
        bar.render(range: ValueRange(lower: 0, upper: 8), into: &grid, x: 0, y: 0, height: 3)
        assertRows(grid, [
            "▀▀ 8       ",
            "▀▀         ",
            "▀▀ 0       ",
        ])
        XCTAssertEqual(grid[0, 0].foreground, viridisStop(8))
        XCTAssertEqual(grid[1, 2].background, viridisStop(0))
        XCTAssertEqual(bar.width, 11)
    }

    func testShadeRampBarWithLabels() {
        var grid = CellGrid(width: 11, height: 9)
        let bar = ColorBar(heatmap: Heatmap(style: .shadeRamp))
        bar.render(range: ValueRange(lower: 0.0125, upper: 2.302585),
                   into: &grid, x: 0, y: 0, height: 9)
        assertRows(grid, [
            "@@ 2.303   ",
            "%%         ",
            "##         ",
            "**         ",
            "++         ",
            "==         ",
            "--         ",
            "::         ",
            ".. 0.0125  ",
        ])
    }

    func testNoRangeLeavesBarBlank() {
        var grid = CellGrid(width: 11, height: 2)
        ColorBar(heatmap: Heatmap(style: .halfBlock))
            .render(range: nil, into: &grid, x: 0, y: 0, height: 2)
        assertRows(grid, ["           ", "           "])
    }

    /// A label that does not fit drops digits, never its exponent: a cut "1.235e+05" would
    /// read as 1.235.
    func testLongLabelKeepsExponent() {
        var grid = CellGrid(width: 7, height: 1)
        ColorBar(heatmap: Heatmap(style: .shadeRamp), barWidth: 1, labelWidth: 5)
            .render(range: ValueRange(lower: 0, upper: 123456), into: &grid,
                    x: 0, y: 0, height: 1)
        assertRows(grid, ["@ 1e+05"])
    }
}
