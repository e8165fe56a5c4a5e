import Rendering
import XCTest

final class CurvePlotTests: XCTestCase {
    let loss = CurveSeries(name: "loss", x: [0, 4], y: [1, 1], color: RGB(255, 0, 0),
                           marker: "o")
    let accuracy = CurveSeries(name: "accuracy", x: [0, 4], y: [0.25, 0.25],
                               color: RGB(0, 0, 255), marker: "x", axis: .right)

    /// A flat loss of 1 (scale 0.9 to 1.1, ticks 0.9, 1, 1.1) and a flat accuracy of 0.25
    /// on a right axis from 0 to 1, with the cursor at x = 2, in 24 x 8 cells.
    ///
    /// The plot is 16 x 5 cells, 32 x 20 dots. y = 1 maps to dot row 10 (cell row 2) and
    /// accuracy 0.25 to dot row 14 (cell row 3); both lines fill dot row 2 of their cells.
    /// The cursor at x = 2 lands on dot column 16, the left dots of cell 8, on every other
    /// dot row.
    func testTwoAxesLegendAndCursor() {
        var plot = CurvePlot(series: [loss, accuracy])
        plot.rightRange = 0...1
        plot.cursorX = 2
        plot.cursorColor = RGB(0, 255, 0)
        var grid = CellGrid(width: 24, height: 8)
        plot.render(into: &grid, x: 0, y: 0, width: 24, height: 8)
        assertRows(grid, [
            "    o loss  x accuracy  ",
            "1.1+        ⠅       +1  ",
            "   |        ⠅       |   ",
            "  1+⠤⠤⠤⠤⠤⠤⠤⠤⠥⠤⠤⠤⠤⠤⠤⠤+0.5",
            "   |⠤⠤⠤⠤⠤⠤⠤⠤⠥⠤⠤⠤⠤⠤⠤⠤|   ",
            "0.9+        ⠅       +0  ",
            "   ++-------^------++   ",
            "    0       2      4    ",
        ])
        let red = RGB(255, 0, 0), blue = RGB(0, 0, 255), green = RGB(0, 255, 0)
        assertForegroundRuns(grid, row: 0, [(nil, 4), (red, 6), (nil, 2), (blue, 10), (nil, 2)])
        assertForegroundRuns(grid, row: 1, [(nil, 12), (green, 1), (nil, 11)])
        assertForegroundRuns(grid, row: 3, [(nil, 4), (red, 16), (nil, 4)])
        assertForegroundRuns(grid, row: 4, [(nil, 4), (blue, 16), (nil, 4)])
        assertForegroundRuns(grid, row: 6, [(nil, 12), (green, 1), (nil, 11)])
        XCTAssertEqual(grid[4, 0].foreground, RGB(255, 0, 0), "legend in series colour")
        XCTAssertEqual(grid[12, 0].foreground, RGB(0, 0, 255))
        XCTAssertEqual(grid[12, 1].foreground, RGB(0, 255, 0), "cursor alone")
        XCTAssertEqual(grid[12, 3].foreground, RGB(255, 0, 0), "the curve drawn last wins")
        XCTAssertEqual(grid[12, 4].foreground, RGB(0, 0, 255))
        XCTAssertEqual(grid[12, 6].foreground, RGB(0, 255, 0))
    }

    /// A left range from 0.2712 to 90.73 has the round ticks 25, 50 and 75, none in the top
    /// row, so the top row carries the range's upper end as the heatmap's axis does.
    func testLeftAxisLabelsTopRow() {
        let curve = CurveSeries(name: "loss", x: [0, 4], y: [0.2712, 90.73])
        var plot = CurvePlot(series: [curve])
        plot.showsLegend = false
        plot.leftRange = 0.2712...90.73
        var grid = CellGrid(width: 30, height: 12)
        plot.render(into: &grid, x: 0, y: 0, width: 30, height: 12)
        assertRows(grid, [
            "90.73+                     ⢀⠤⠊",
            "   75+                   ⣀⠔⠁  ",
            "     |                 ⡠⠊     ",
            "     |              ⢀⠔⠉       ",
            "   50+            ⡠⠒⠁         ",
            "     |         ⢀⠤⠊            ",
            "     |       ⣀⠔⠁              ",
            "   25+     ⡠⠊                 ",
            "     |  ⢀⠔⠉                   ",
            "     |⡠⠒⠁                     ",
            "     ++-----+-----+----+-----+",
            "      0     1     2    3     4",
        ])
    }

    /// Pending and NaN points break the line; a point between two breaks is one dot.
    func testMissingPointsBreakLine() {
        let broken = CurveSeries(name: "a", x: [0, 1, 2, 3, 4, 5, 6, 7],
                                 y: [1, 1, nil, 1, .nan, 1, 1, 1])
        var plot = CurvePlot(series: [broken])
        plot.showsLegend = false
        plot.leftRange = 0...2
        var grid = CellGrid(width: 6, height: 3)
        plot.render(into: &grid, x: 0, y: 0, width: 6, height: 3)
        // Plot: 4 x 1 cells, 8 x 4 dots; x = k at dot column k, y = 1 at dot row 2. The
        // ticks 0, 1 and 2 share the one row, which shows the tick nearest its middle. The
        // x ticks are 0, 2.5 and 5, and the label 2.5 would touch the 0.
        assertRows(grid, [
            "1+⠤⠠⠠⠤",
            " ++++-",
            "  0 5 ",
        ])
    }

    /// Markers replace the braille cells of each point; legend and markers share a glyph.
    func testMarkersWithoutColour() {
        var plot = CurvePlot(series: [
            CurveSeries(name: "a", x: [0, 1, 2], y: [0, 1, 2], marker: "o"),
            CurveSeries(name: "b", x: [0, 1, 2], y: [2, 1, 0], marker: "x"),
        ])
        plot.showsMarkers = true
        plot.showsLegend = false
        var grid = CellGrid(width: 12, height: 5)
        plot.render(into: &grid, x: 0, y: 0, width: 12, height: 5)
        XCTAssertEqual(grid[2, 0].character, "x")
        XCTAssertEqual(grid[2, 2].character, "o")
        XCTAssertEqual(grid[11, 0].character, "o")
        XCTAssertEqual(grid[11, 2].character, "x")
        XCTAssertEqual(grid[7, 1].character, "x", "the later series wins the shared cell")
    }

    func testLogRangeThroughZeroFallsBackToValues() {
        var plot = CurvePlot(series: [CurveSeries(name: "a", x: [0, 1], y: [1, 100])])
        plot.isLeftLogarithmic = true
        plot.leftRange = 0...100
        plot.showsLegend = false
        var grid = CellGrid(width: 8, height: 4)
        plot.render(into: &grid, x: 0, y: 0, width: 8, height: 4)
        // The scale spans 1 to 100 as the values do; the tick 10 shares row 1 with the
        // tick 1, which is nearer the row's middle.
        assertRows(grid, [
            "100+  ⡠⠊",
            "  1+⡠⠊  ",
            "   ++-++",
            "    0  1",
        ])
    }

    func testLogarithmicLeftAxis() {
        let decay = CurveSeries(name: "loss", x: [0, 1, 2, 3, 4], y: [100, 10, 1, 0.1, 0])
        var plot = CurvePlot(series: [decay])
        plot.isLeftLogarithmic = true
        plot.showsLegend = false
        var grid = CellGrid(width: 14, height: 6)
        plot.render(into: &grid, x: 0, y: 0, width: 14, height: 6)
        // Ticks at the powers of ten from 0.1 to 100, one per row; the point at 0 cannot be
        // placed. The other four points lie on one straight line in the log scale, at dots
        // (0.5, 0.5), (5.25, 5.5), (10, 10.5) and (14.75, 15.5) of the 20 x 16.
        assertRows(grid, [
            "100+⠑⢄        ",
            " 10+  ⠑⢄      ",
            "  1+    ⠑⡄    ",
            "0.1+     ⠈⠢⡀  ",
            "   ++----+---+",
            "    0    2   4",
        ])
    }

    func testNoDataDrawsAxesOnly() {
        let plot = CurvePlot(series: [CurveSeries(name: "a", x: [0, 1], y: [nil, .nan])])
        var grid = CellGrid(width: 10, height: 4)
        plot.render(into: &grid, x: 0, y: 0, width: 10, height: 4)
        assertRows(grid, [
            " o a      ",
            "|         ",
            "++---+---+",
            " 0  0.5  1",
        ])
    }

    /// Marks at x = 0 and x = 3 of 0...4 in 21 x 4 cells: a plot of 20 x 1 cells (no y
    /// ticks without values), 40 x 4 dots. They land on dot columns 0 and 29, the left dot
    /// of cell 0 and the right dot of cell 14, and raise dot row 1. The first label reads
    /// `v A` from its mark. `v Beetle` would pass the right end, so it reads `Beetle v`.
    func testMarksLabelledAbovePlot() {
        var plot = CurvePlot(series: [CurveSeries(name: "a", x: [0, 4], y: [nil, nil])])
        plot.showsLegend = false
        plot.xRange = 0...4
        plot.axisColor = RGB(9, 9, 9)
        plot.marks = [CurveMark(x: 3, label: "Beetle"), CurveMark(x: 0, label: "A")]
        var grid = CellGrid(width: 21, height: 4)
        plot.render(into: &grid, x: 0, y: 0, width: 21, height: 4)
        XCTAssertEqual(grid.text(ofRow: 0), " v A    Beetle v     ")
        XCTAssertEqual(grid.text(ofRow: 1), "|\u{2802}" + String(repeating: " ", count: 13)
                       + "\u{2810}     ")
        XCTAssertEqual(grid[1, 1].foreground, RGB(9, 9, 9), "marks in the axis colour")
        XCTAssertEqual(grid[1, 0].foreground, RGB(9, 9, 9))
    }

    /// A label that fits neither after nor before its mark without touching the label
    /// before it is cut down to its `v`.
    func testCrowdedMarkKeepsOnlyItsV() {
        var plot = CurvePlot(series: [CurveSeries(name: "a", x: [0, 4], y: [nil, nil])])
        plot.showsLegend = false
        plot.xRange = 0...4
        plot.marks = [CurveMark(x: 0, label: "ab"), CurveMark(x: 3, label: "second")]
        var grid = CellGrid(width: 14, height: 4)
        plot.render(into: &grid, x: 0, y: 0, width: 14, height: 4)
        XCTAssertEqual(grid.text(ofRow: 0), " v ab     v   ")
    }

    func testMarkOutsideRangeIsLeftOut() {
        var plot = CurvePlot(series: [CurveSeries(name: "a", x: [0, 4], y: [nil, nil])])
        plot.showsLegend = false
        plot.xRange = 0...4
        plot.marks = [CurveMark(x: 5, label: "far")]
        var grid = CellGrid(width: 14, height: 4)
        plot.render(into: &grid, x: 0, y: 0, width: 14, height: 4)
        XCTAssertEqual(grid.text(ofRow: 0), String(repeating: " ", count: 14))
        XCTAssertEqual(grid.text(ofRow: 1), "|" + String(repeating: " ", count: 13))
    }
}
