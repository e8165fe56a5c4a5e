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

    func testNarrowVerticalLabelsFallBack() {
        var grid = CellGrid(width: 4, height: 3)
        AxisLabels.renderVertical(lower: -10.5, upper: 1234.5, into: &grid,
                                  x: 0, y: 0, width: 4, height: 3)
        assertRows(grid, ["1235", " 612", "    "])
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
