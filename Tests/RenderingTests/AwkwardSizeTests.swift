import Rendering
import XCTest

/// Rendering clips and never traps, whatever the sizes.
final class AwkwardSizeTests: XCTestCase {
    func testEmptyGrid() {
        var grid = CellGrid(width: 0, height: 0)
        let values = ValueGrid(rows: [[1, 2], [3, 4]])
        for style in HeatmapStyle.allCases {
            Heatmap(style: style).render(values, range: values.finiteRange,
                                         into: &grid, x: 0, y: 0)
        }
        ColorBar(heatmap: Heatmap(style: .halfBlock))
            .render(range: values.finiteRange, into: &grid, x: 0, y: 0, height: 5)
        AxisLabels.renderHorizontal(lower: -1, upper: 1, into: &grid, x: 0, y: 0, width: 0)
        AxisLabels.renderVertical(lower: -1, upper: 1, into: &grid,
                                  x: 0, y: 0, width: 0, height: 0)
        grid.write("text", x: -2, y: 0)
        XCTAssertEqual(grid.rows, [])
        XCTAssertEqual(grid[0, 0], Cell.blank)
    }

    func testNegativeSizesCountAsZero() {
        XCTAssertEqual(CellGrid(width: -3, height: 2).cells.count, 0)
        XCTAssertEqual(ValueGrid(width: 4, height: -1).values.count, 0)
    }

    func testOneByOneGrid() {
        var grid = CellGrid(width: 1, height: 1)
        let values = ValueGrid(rows: [[1, 2], [3, 4]])
        Heatmap(style: .shadeRamp).render(values, range: values.finiteRange,
                                          into: &grid, x: -1, y: -1)
        assertRows(grid, ["@"])
        ColorBar(heatmap: Heatmap(style: .shadeRamp))
            .render(range: values.finiteRange, into: &grid, x: 0, y: 0, height: 1)
        assertRows(grid, ["@"])
        AxisLabels.renderHorizontal(lower: -1, upper: 1, into: &grid, x: 0, y: 0, width: 1)
        AxisLabels.renderVertical(lower: -1, upper: 1, into: &grid,
                                  x: 0, y: 0, width: 1, height: 1)
        // The vertical label 1.0 is wider than the column, so it is left out.
        assertRows(grid, ["-"])
    }

    func testWideScreen() {
        var grid = CellGrid(width: 300, height: 80)
        var values = ValueGrid(width: 300, height: 160)
        for y in 0..<160 {
            for x in 0..<300 {
                values[x, y] = Float(x * y % 17)
            }
        }
        Heatmap(style: .halfBlock).render(values, range: values.finiteRange,
                                          into: &grid, x: 0, y: 0)
        XCTAssertEqual(grid.rows.count, 80)
        XCTAssertEqual(grid.text(ofRow: 79).count, 300)
        XCTAssertEqual(grid[299, 79].character, "▀")
        XCTAssertEqual(grid.text(ofRow: 80), "")
    }
}
