import Rendering
import XCTest

/// Returns a grid of `width` x `height` samples with value `f(column, row)`.
func sampled(width: Int, height: Int, _ f: (Int, Int) -> Float?) -> ValueGrid {
    var values = ValueGrid(width: width, height: height)
    for y in 0..<height {
        for x in 0..<width {
            values[x, y] = f(x, y)
        }
    }
    return values
}

/// Returns the segment's ends as a sorted pair of points, so that tests need not depend on
/// the direction of a segment or the order of the list.
func normalized(_ segment: ContourSegment) -> [Double] {
    let a = [segment.start.x, segment.start.y], b = [segment.end.x, segment.end.y]
    return a.lexicographicallyPrecedes(b) ? a + b : b + a
}

final class MarchingSquaresTests: XCTestCase {
    /// The cone |x − 2| + |y − 2| is linear on every square, so the level-1 contour is
    /// exactly the diamond through (1, 2), (2, 1), (3, 2) and (2, 3).
    func testConeGivesDiamond() {
        let cone = sampled(width: 5, height: 5) { Float(abs($0 - 2) + abs($1 - 2)) }
        let segments = MarchingSquares.segments(values: cone, level: 1).map(normalized)
        let expected: [[Double]] = [[1, 2, 2, 1], [2, 1, 3, 2], [1, 2, 2, 3], [2, 3, 3, 2]]
        XCTAssertEqual(segments.count, 4)
        for segment in expected {
            XCTAssertTrue(segments.contains(segment), "missing \(segment) in \(segments)")
        }
    }

    /// The plane z = x crosses level 1.5 halfway between columns 1 and 2 on every row.
    func testPlaneGivesStraightLine() {
        let plane = sampled(width: 4, height: 3) { x, _ in Float(x) }
        let segments = MarchingSquares.segments(values: plane, level: 1.5).map(normalized)
        XCTAssertEqual(segments, [[1.5, 0, 1.5, 1], [1.5, 1, 1.5, 2]])
    }

    /// A saddle joins the corners on the side of the mean of the four corners.
    func testSaddleFollowsMean() {
        let saddle = ValueGrid(rows: [[1, 0], [0, 1]])
        let above = MarchingSquares.segments(values: saddle, level: 0.5).map(normalized)
        XCTAssertEqual(above, [[0.5, 0, 1, 0.5], [0, 0.5, 0.5, 1]],
                       "mean 0.5 is at the level: the high corners join, cutting off the low")
        let below = MarchingSquares.segments(values: saddle, level: 0.75).map(normalized)
        XCTAssertEqual(below, [[0, 0.25, 0.25, 0], [0.75, 1, 1, 0.75]],
                       "mean 0.5 is below 0.75: the low corners join, cutting off the high")

        let mirrored = ValueGrid(rows: [[0, 1], [1, 0]])
        let joined = MarchingSquares.segments(values: mirrored, level: 0.5).map(normalized)
        XCTAssertEqual(joined, [[0, 0.5, 0.5, 0], [0.5, 1, 1, 0.5]])
    }

    func testMissingCornersDrawNothing() {
        for hole in [nil, Float.nan, .infinity, -.infinity] as [Float?] {
            let values = ValueGrid(rows: [[0, 2, 2], [0, hole, 2]])
            let segments = MarchingSquares.segments(values: values, level: 1)
            XCTAssertEqual(segments.count, 0, "\(String(describing: hole))")
        }
        let split = ValueGrid(rows: [[0, 2, nil], [0, 2, 2]])
        XCTAssertEqual(MarchingSquares.segments(values: split, level: 1).map(normalized),
                       [[0.5, 0, 0.5, 1]])
    }

    /// On a log scale the level 10 lies midway between 1 and 100.
    func testLogarithmicInterpolation() {
        let values = ValueGrid(rows: [[1, 100], [1, 100]])
        let log = MarchingSquares.segments(values: values, level: 10, logarithmic: true)
        XCTAssertEqual(log.count, 1)
        XCTAssertEqual(log.first?.start.x ?? 0, 0.5, accuracy: 1e-12)
        XCTAssertEqual(log.first?.end.x ?? 0, 0.5, accuracy: 1e-12)
        let linear = MarchingSquares.segments(values: values, level: 10)
        XCTAssertEqual(linear.first?.start.x ?? 0, 9.0 / 99, accuracy: 1e-12)
    }
}

final class ContourLevelsTests: XCTestCase {
    func testAutomaticLinearLevelsAreRound() {
        let cases: [(lower: Float, upper: Float, count: Int, levels: [Float])] = [
            (0, 1, 4, [0.2, 0.4, 0.6, 0.8]),
            (0, 10, 9, [1, 2, 3, 4, 5, 6, 7, 8, 9]),
            (0.13, 2.31, 4, [0.5, 1, 1.5, 2]),
            (-1, 1, 3, [-0.5, 0, 0.5]),
        ]
        for (lower, upper, count, levels) in cases {
            let range = ValueRange(lower: lower, upper: upper)
            XCTAssertEqual(ContourLevels.automatic(count).values(in: range), levels,
                           "\(lower)...\(upper) count \(count)")
        }
    }

    func testAutomaticLogLevels() {
        var range = ValueRange(lower: 0.01, upper: 100)
        range.isLogarithmic = true
        XCTAssertEqual(ContourLevels.automatic(3).values(in: range), [0.1, 1, 10])
        XCTAssertEqual(ContourLevels.automatic(7).values(in: range),
                       [0.03, 0.1, 0.3, 1, 3, 10, 30])
    }

    /// A log range under a decade has no two round levels inside, so the levels fall back to
    /// even steps of the log scale, rounded to three digits.
    func testNarrowLogRangeFallsBack() {
        var range = ValueRange(lower: 1, upper: 2)
        range.isLogarithmic = true
        let levels = ContourLevels.automatic(3).values(in: range)
        XCTAssertEqual(levels, [1.19, 1.41, 1.68])
    }

    func testChosenLevelsKeepThoseInside() {
        let range = ValueRange(lower: 0, upper: 5)
        XCTAssertEqual(ContourLevels.chosen([7, 2, .nan, 0, 4.5, -1]).values(in: range),
                       [2, 4.5])
    }

    func testEmptyRangesHaveNoLevels() {
        XCTAssertEqual(ContourLevels.automatic(5).values(in: ValueRange(lower: 3, upper: 3)), [])
        XCTAssertEqual(ContourLevels.automatic(0).values(in: ValueRange(lower: 0, upper: 1)), [])
    }
}

final class ContourLayerTests: XCTestCase {
    /// The plane z = x sampled as a half-block heatmap of 4 x 2 cells (4 x 4 pixels). The
    /// level 1.5 lies halfway between pixel columns 1 and 2, at dot x = 2 · 2 = 4: the left
    /// dot column of cell 2, from the centre of the top pixel (dot y 1) to the centre of
    /// the bottom one (dot y 7).
    let plane = sampled(width: 4, height: 4) { x, _ in Float(x) }

    func testContourAloneOnBlank() {
        var grid = CellGrid(width: 4, height: 2)
        ContourLayer.render(values: plane, range: plane.finiteRange, levels: .chosen([1.5]),
                            into: &grid, x: 0, y: 0, columns: 4, rows: 2)
        assertRows(grid, ["  ⡆ ", "  ⡇ "])
    }

    func testContourOverHeatmapKeepsColours() {
        var grid = CellGrid(width: 4, height: 2)
        let range = plane.finiteRange
        Heatmap(style: .halfBlock).render(plane, range: range, into: &grid, x: 0, y: 0)
        let layer = ContourLayer(levels: .chosen([1.5]), color: RGB(255, 255, 255))
        layer.render(values: plane, range: range, into: &grid, x: 0, y: 0, columns: 4, rows: 2)
        assertRows(grid, ["▀▀⡆▀", "▀▀⡇▀"])
        let pixel = ColorMap.viridis.color(at: 2.0 / 3)
        XCTAssertEqual(grid[2, 0].background, pixel, "mean of two equal half pixels")
        XCTAssertEqual(grid[2, 1].foreground, RGB(255, 255, 255))
        XCTAssertEqual(grid[1, 1].foreground, ColorMap.viridis.color(at: 1.0 / 3))
        let columns = (0..<4).map { ColorMap.viridis.color(at: Double($0) / 3) }
        assertForegroundRuns(grid, row: 0, [(columns[0], 1), (columns[1], 1),
                                            (RGB(255, 255, 255), 1), (columns[3], 1)])
    }

    /// The automatic levels 1, 2, …, 6 of the plane z = x fall on its samples, so each line
    /// runs through the centre of pixel column 1, 2, …, 6: the right dot column of its cell.
    func testAutomaticLevelsOnShadeRamp() {
        let wide = sampled(width: 8, height: 2) { x, _ in Float(x) }
        var grid = CellGrid(width: 8, height: 2)
        Heatmap(style: .shadeRamp).render(wide, range: wide.finiteRange, into: &grid,
                                          x: 0, y: 0)
        ContourLayer(levels: .automatic(6), glyphs: .asciiLines)
            .render(values: wide, range: wide.finiteRange, into: &grid, x: 0, y: 0,
                    columns: 8, rows: 2)
        assertRows(grid, [".||||||@", ".||||||@"])
    }

    func testNoRangeDrawsNothing() {
        var grid = CellGrid(width: 4, height: 2, fill: Cell("."))
        ContourLayer().render(values: ValueGrid(width: 4, height: 4), range: nil,
                              into: &grid, x: 0, y: 0, columns: 4, rows: 2)
        assertRows(grid, ["....", "...."])
    }
}
