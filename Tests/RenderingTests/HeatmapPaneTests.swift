import Rendering
import XCTest

final class HeatmapPaneTests: XCTestCase {
    /// Returns a plot whose value is the column index, so every row runs through the ramp.
    func columnRamp(width: Int, height: Int) -> ValueGrid {
        var values = ValueGrid(width: width, height: height)
        for y in 0..<height {
            for x in 0..<width {
                values[x, y] = Float(x)
            }
        }
        return values
    }

    func testShadeRampPane() {
        let pane = HeatmapPane(heatmap: Heatmap(style: .shadeRamp))
        let pixels = pane.plotPixels(width: 30, height: 6)
        XCTAssertEqual(pixels.width, 9)
        XCTAssertEqual(pixels.height, 5)

        var grid = CellGrid(width: 30, height: 6)
        pane.render(columnRamp(width: 9, height: 5), alpha: -1...1, beta: -1...1,
                    cursor: (x: 4, y: 2), into: &grid, x: 0, y: 0, width: 30, height: 6)
        assertRows(grid, [
            "     1.0 .:-=+*#%@ @@ 8       ",
            "         .:-=+*#%@ ##         ",
            "   b 0.0 .:-=X*#%@ ++         ",
            "         .:-=+*#%@ --         ",
            "    -1.0 .:-=+*#%@ .. 0       ",
            "         -1.0  1.0            ",
        ])
    }

    func testHalfBlockPaneCursorContrasts() {
        let pane = HeatmapPane(heatmap: Heatmap(style: .halfBlock))
        XCTAssertEqual(pane.plotPixels(width: 30, height: 6).height, 10)

        var grid = CellGrid(width: 30, height: 6)
        let values = columnRamp(width: 9, height: 10)
        pane.render(values, alpha: -1...1, beta: -1...1, cursor: (x: 8, y: 5),
                    into: &grid, x: 0, y: 0, width: 30, height: 6)
        XCTAssertEqual(grid.text(ofRow: 2), "   b 0.0 ▀▀▀▀▀▀▀▀+ ▀▀         ")
        XCTAssertEqual(grid[17, 2].foreground, RGB(0, 0, 0), "black on yellow")
        XCTAssertEqual(grid[17, 2].background, viridisStop(8))
        XCTAssertEqual(grid[9, 0].foreground, viridisStop(0))
    }

    func testPaneTooSmallForPlotDrawsNothing() {
        let pane = HeatmapPane(heatmap: Heatmap(style: .halfBlock))
        var grid = CellGrid(width: 20, height: 3, fill: Cell("."))
        pane.render(columnRamp(width: 0, height: 0), alpha: -1...1, beta: -1...1,
                    cursor: nil, into: &grid, x: 0, y: 0, width: 20, height: 3)
        assertRows(grid, Array(repeating: String(repeating: ".", count: 20), count: 3))
        XCTAssertEqual(pane.plotCells(width: 20, height: 3).columns, 0)
    }
}
