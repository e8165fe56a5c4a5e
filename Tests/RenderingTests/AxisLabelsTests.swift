import Rendering
import XCTest

final class AxisLabelsTests: XCTestCase {
    func testHorizontalAxis() {
        var grid = CellGrid(width: 30, height: 1)
        AxisLabels.renderHorizontal(lower: -1, upper: 1, into: &grid, x: 0, y: 0, width: 30)
        assertRows(grid, ["-1.0        a 0.0          1.0"])
    }

    func testNarrowHorizontalAxisKeepsEnds() {
        var grid = CellGrid(width: 10, height: 1)
        AxisLabels.renderHorizontal(lower: -1, upper: 1, into: &grid, x: 0, y: 0, width: 10)
        assertRows(grid, ["-1.0   1.0"])
    }

    func testVerticalAxis() {
        var grid = CellGrid(width: 7, height: 5)
        AxisLabels.renderVertical(lower: -0.25, upper: 0.25, into: &grid,
                                  x: 0, y: 0, width: 7, height: 5)
        assertRows(grid, [
            "   0.25",
            "       ",
            " b 0.00",
            "       ",
            "  -0.25",
        ])
    }

    func testVerticalLabelKeepsDigitsNearPlot() {
        var grid = CellGrid(width: 4, height: 1)
        AxisLabels.renderVertical(lower: -10.5, upper: 1234.5, into: &grid,
                                  x: 0, y: 0, width: 4, height: 1)
        assertRows(grid, ["1235"])
    }

    func testDecimalsForSpan() {
        let cases: [(span: Double, decimals: Int)] = [
            (2, 1), (0.5, 2), (20, 0), (1.0 / 1024, 5), (0, 2), (.nan, 2),
        ]
        for (span, decimals) in cases {
            XCTAssertEqual(AxisLabels.decimals(forSpan: span), decimals, "span \(span)")
        }
    }
}
