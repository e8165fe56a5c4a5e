import Rendering
import XCTest

/// The braille-dots heatmap style: dot density by a 4x4 Bayer matrix, two cells wide.
final class BrailleDotsHeatmapTests: XCTestCase {
    func testRampBothWays() {
        let values = ValueGrid(rows: [
            [0, 1, 2, 3, 4, 5, 6, 7, 8],
            [8, 7, 6, 5, 4, 3, 2, 1, 0],
        ])
        var grid = CellGrid(width: 9, height: 2)
        Heatmap(style: .brailleDots).render(values, range: values.finiteRange,
                                            into: &grid, x: 0, y: 0)
        assertRows(grid, ["⠁⠅⠕⢕⢝⢽⢿⣽⣿", "⣿⣽⢿⢽⢝⢕⠕⠅⠁"])
        for cell in grid.cells {
            XCTAssertNil(cell.foreground)
            XCTAssertNil(cell.background)
        }
    }

    /// Both halves of the Bayer matrix at the middle value: 9 of the 16 dots of a pair.
    func testFlatAreaSpreadsDotsOverPairs() {
        let values = ValueGrid(rows: [[0, 4, 4, 8]])
        var grid = CellGrid(width: 4, height: 1)
        Heatmap(style: .brailleDots).render(values, range: values.finiteRange,
                                            into: &grid, x: 0, y: 0)
        assertRows(grid, ["⠁⢕⢝⣿"])
    }

    func testDensityRisesWithValue() {
        for column in 0..<2 {
            var previous = -1
            for step in 0...100 {
                let pattern = BrailleDither.pattern(fraction: Double(step) / 100, column: column)
                let dots = pattern.nonzeroBitCount
                XCTAssertGreaterThanOrEqual(dots, max(previous, 1), "column \(column) \(step)%")
                previous = dots
            }
            XCTAssertEqual(previous, 8)
        }
        XCTAssertEqual(BrailleDither.pattern(fraction: .nan, column: 0), 0x01)
        XCTAssertEqual(BrailleDither.pattern(fraction: -4, column: 1), 0x04)
        XCTAssertEqual(BrailleDither.pattern(fraction: 9, column: 1), 0xFF)
    }

    func testPendingNaNAndDivergedLookDistinct() {
        let values = ValueGrid(rows: [[0, 8, nil, .nan, .infinity, -.infinity]])
        var themed = CellGrid(width: 6, height: 1)
        Heatmap(style: .brailleDots, theme: .dark).render(values, range: values.finiteRange,
                                                          into: &themed, x: 0, y: 0)
        assertRows(themed, ["⠁⣿ ?!!"])

        var plain = CellGrid(width: 6, height: 1)
        Heatmap(style: .brailleDots).render(values, range: values.finiteRange,
                                            into: &plain, x: 0, y: 0)
        assertRows(plain, ["⠁⣿ !!!"])
    }

    func testStyleFlags() {
        XCTAssertEqual(HeatmapStyle.brailleDots.pixelRowsPerCell, 1)
        XCTAssertFalse(HeatmapStyle.brailleDots.usesColor)
    }
}

/// Pending, NaN and diverged pixels in every style once a theme sets them apart, and none
/// of them moves the colour scale.
final class MissingValueMarksTests: XCTestCase {
    let theme: Theme = {
        var theme = Theme.dark
        theme.pending = RGB(hex: 0x303030)
        return theme
    }()

    func testRangeSkipsEveryKind() {
        let values = ValueGrid(rows: [[0, 8, nil, .nan, .infinity, -.infinity]])
        XCTAssertEqual(values.finiteRange, ValueRange(lower: 0, upper: 8))
    }

    func testColorsPerKind() {
        let heatmap = Heatmap(style: .solid, theme: theme)
        let range = ValueRange(lower: 0, upper: 8)
        XCTAssertEqual(heatmap.color(of: nil, range: range), RGB(hex: 0x303030))
        XCTAssertEqual(heatmap.color(of: .nan, range: range), theme.nan)
        XCTAssertEqual(heatmap.color(of: .infinity, range: range), theme.diverged)
        XCTAssertEqual(heatmap.color(of: -.infinity, range: range), theme.diverged)
        XCTAssertNotEqual(theme.nan, theme.diverged)
    }

    func testGlyphsPerStyle() {
        let values = ValueGrid(rows: [[0, 8, nil, .nan, .infinity, 4]])
        let cases: [(style: HeatmapStyle, row: String)] = [
            (.solid, "   ?! "),
            (.shadeRamp, ".@ ?!+"),
            (.brailleDots, "⠁⣿ ?!⢕"),
        ]
        for (style, row) in cases {
            var grid = CellGrid(width: 6, height: 1)
            Heatmap(style: style, theme: theme).render(values, range: values.finiteRange,
                                                        into: &grid, x: 0, y: 0)
            XCTAssertEqual(grid.text(ofRow: 0), row, "\(style)")
        }
    }

    func testHalfBlockPendingUsesThemeColour() {
        let pairs = ValueGrid(rows: [[nil, .nan], [.infinity, 2]])
        var grid = CellGrid(width: 2, height: 1)
        Heatmap(style: .halfBlock, theme: theme).render(pairs, range: pairs.finiteRange,
                                                        into: &grid, x: 0, y: 0)
        XCTAssertEqual(grid[0, 0].foreground, RGB(hex: 0x303030))
        XCTAssertEqual(grid[0, 0].background, theme.diverged)
        XCTAssertEqual(grid[1, 0].foreground, theme.nan)
        XCTAssertEqual(grid[1, 0].background, ColorMap.viridis.color(at: 0.5))
    }
}
