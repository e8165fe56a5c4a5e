import Rendering
import XCTest

/// Asserts that `grid` shows `expected`, row by row, and names every row that differs.
func assertRows(_ grid: CellGrid, _ expected: [String],
                file: StaticString = #filePath, line: UInt = #line) {
    let actual = grid.rows
    XCTAssertEqual(actual.count, expected.count, "row count", file: file, line: line)
    for (index, (got, want)) in zip(actual, expected).enumerated() where got != want {
        XCTFail("row \(index): expected \"\(want)\", got \"\(got)\"", file: file, line: line)
    }
}

/// Returns the viridis stop `index` (0...8), for stating expected colours.
func viridisStop(_ index: Int) -> RGB {
    ColorMap.viridis.stops[index]
}
