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

/// Returns the foreground colours of row `y` as runs: each colour with the number of
/// neighbouring cells that have it.
func foregroundRuns(_ grid: CellGrid, row y: Int) -> [(color: RGB?, count: Int)] {
    var runs: [(color: RGB?, count: Int)] = []
    for x in 0..<grid.width {
        let color = grid[x, y].foreground
        if let last = runs.last, last.color == color {
            runs[runs.count - 1].count += 1
        } else {
            runs.append((color, 1))
        }
    }
    return runs
}

/// Asserts that row `y` of `grid` has the foreground colour runs `expected`.
func assertForegroundRuns(_ grid: CellGrid, row y: Int, _ expected: [(RGB?, Int)],
                          file: StaticString = #filePath, line: UInt = #line) {
    let actual = foregroundRuns(grid, row: y)
    let describe = { (runs: [(RGB?, Int)]) in
        runs.map { "\($0.1)x\($0.0.map { "\($0)" } ?? "default")" }.joined(separator: ", ")
    }
    XCTAssertEqual(describe(actual), describe(expected), "colour runs of row \(y)",
                   file: file, line: line)
}
