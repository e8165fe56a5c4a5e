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

    func testNarrowVerticalLabelsLeftOut() {
        var grid = CellGrid(width: 6, height: 3)
        AxisLabels.renderVertical(lower: -10.5, upper: 1234.5, into: &grid,
                                  x: 0, y: 0, width: 6, height: 3)
        assertRows(grid, ["1234.5", " 612.0", " -10.5"])

        var narrow = CellGrid(width: 5, height: 3)
        AxisLabels.renderVertical(lower: -10.5, upper: 1234.5, into: &narrow,
                                  x: 0, y: 0, width: 5, height: 3)
        assertRows(narrow, ["     ", "612.0", "-10.5"])
    }

    func testZoomedAxesShareOneForm() {
        let half = 0x1p-12
        var horizontal = CellGrid(width: 40, height: 1)
        AxisLabels.renderHorizontal(lower: -half, upper: half, into: &horizontal,
                                    x: 0, y: 0, width: 40)
        assertRows(horizontal, ["-2.44e-4          a 0            2.44e-4"])

        var vertical = CellGrid(width: 8, height: 5)
        AxisLabels.renderVertical(lower: -half, upper: half, into: &vertical,
                                  x: 0, y: 0, width: 8, height: 5)
        assertRows(vertical, [" 2.44e-4", "        ", "     b 0", "        ", "-2.44e-4"])
    }

    func testOffCentreZoomFitsColumn() {
        let half = 0x1p-10
        var horizontal = CellGrid(width: 40, height: 1)
        AxisLabels.renderHorizontal(lower: 0.25 - half, upper: 0.25 + half, into: &horizontal,
                                    x: 0, y: 0, width: 40)
        assertRows(horizontal, ["0.24902        a 0.25000         0.25098"])

        var vertical = CellGrid(width: 8, height: 3)
        AxisLabels.renderVertical(lower: 0.25 - half, upper: 0.25 + half, into: &vertical,
                                  x: 0, y: 0, width: 8, height: 3)
        assertRows(vertical, [" 0.25098", " 0.25000", " 0.24902"])
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

final class AxisLabelsPanTests: XCTestCase {
    func testPannedEdgesPrintExactly() {
        var grid = CellGrid(width: 30, height: 1)
        AxisLabels.renderHorizontal(lower: -0.75, upper: 1.25, into: &grid,
                                    x: 0, y: 0, width: 30)
        assertRows(grid, ["-0.75       a 0.25        1.25"])
    }

    func testInexactEdgesStopAtTwoExtraDecimals() {
        var grid = CellGrid(width: 30, height: 1)
        AxisLabels.renderHorizontal(lower: -1.0 / 3, upper: 5.0 / 3, into: &grid,
                                    x: 0, y: 0, width: 30)
        assertRows(grid, ["-0.333     a 0.667       1.667"])
    }
}
