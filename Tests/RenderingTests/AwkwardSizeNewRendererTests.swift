import Rendering
import XCTest

/// The braille canvas, braille-dots heatmap, contours and curve plots at awkward sizes:
/// none may trap, and each fills exactly the grid it is given.
final class AwkwardSizeNewRendererTests: XCTestCase {
    let sizes = [(0, 0), (1, 1), (39, 11), (300, 80)]

    /// Returns a cone of `width` x `height` pixels with a pending corner and a NaN pixel.
    func cone(width: Int, height: Int) -> ValueGrid {
        var values = sampled(width: width, height: height) { x, y in
            let dx = Float(x) - Float(width) / 2, dy = Float(y) - Float(height) / 2
            return (dx * dx + dy * dy).squareRoot()
        }
        values[0, 0] = nil
        values[width / 2, height / 3] = .nan
        return values
    }

    func assertSize(_ grid: CellGrid, _ width: Int, _ height: Int, _ what: String,
                    file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(grid.rows.count, height, what, file: file, line: line)
        for row in grid.rows {
            XCTAssertEqual(row.count, width, what, file: file, line: line)
        }
    }

    func testBrailleCanvas() {
        for (width, height) in sizes {
            var canvas = BrailleCanvas(columns: width, rows: height)
            canvas.drawLine(fromDot: 0, 0, toDot: width * 2 - 1, height * 4 - 1)
            canvas.drawLine(from: (-5, 1e9), to: (1e9, -5))
            for glyphs in [BrailleGlyphs.braille, .asciiLines, .asciiMark("*")] {
                var grid = CellGrid(width: width, height: height)
                canvas.render(into: &grid, x: 0, y: 0, glyphs: glyphs)
                canvas.render(into: &grid, x: -3, y: -2, glyphs: glyphs)
                assertSize(grid, width, height, "canvas \(width)x\(height) \(glyphs)")
            }
            if width > 0 {
                XCTAssertTrue(canvas.isSet(x: 0, y: 0), "\(width)x\(height)")
            }
        }
    }

    func testBrailleDotsHeatmapAndBar() {
        for (width, height) in sizes {
            let values = cone(width: width, height: height)
            var grid = CellGrid(width: width, height: height)
            let heatmap = Heatmap(style: .brailleDots, theme: .dark)
            heatmap.render(values, range: values.finiteRange, into: &grid, x: 0, y: 0)
            ColorBar(heatmap: heatmap).render(range: values.finiteRange, into: &grid,
                                              x: width - 3, y: 0, height: height)
            assertSize(grid, width, height, "braille dots \(width)x\(height)")
        }
    }

    func testContoursAloneAndOverHeatmap() {
        for (width, height) in sizes {
            let values = cone(width: width, height: height * 2)
            var range = values.finiteRange
            for logarithmic in [false, true] {
                range?.isLogarithmic = logarithmic
                var alone = CellGrid(width: width, height: height)
                ContourLayer.render(values: values, range: range, levels: .automatic(8),
                                    into: &alone, x: 0, y: 0, columns: width, rows: height)
                var over = CellGrid(width: width, height: height)
                Heatmap(style: .halfBlock).render(values, range: range, into: &over,
                                                  x: 0, y: 0)
                ContourLayer(levels: .chosen([1, 5, 20]), color: RGB(255, 255, 255))
                    .render(values: values, range: range, into: &over, x: 0, y: 0,
                            columns: width, rows: height)
                assertSize(alone, width, height, "contours \(width)x\(height)")
                assertSize(over, width, height, "over heatmap \(width)x\(height)")
                if width >= 39 {
                    XCTAssertTrue(alone.cells.contains { $0 != .blank },
                                  "lines drawn at \(width)x\(height)")
                }
            }
        }
    }

    func testCurvePlots() {
        let x = (0..<101).map { Double($0) / 50 - 1 }
        let loss = x.map { $0 * $0 * 3 + 0.01 }
        var withHoles: [Double?] = loss
        withHoles[10] = nil
        withHoles[20] = .nan
        let accuracy = x.map { 1 - $0 * $0 / 2 }
        for (width, height) in sizes {
            for logarithmic in [false, true] {
                var plot = CurvePlot(series: [
                    CurveSeries(name: "small batch", x: x, y: withHoles),
                    CurveSeries(name: "large batch", x: x, y: loss.map { $0 * 2 }),
                    CurveSeries(name: "accuracy", x: x, y: accuracy, axis: .right),
                ], theme: .colorblind)
                plot.isLeftLogarithmic = logarithmic
                plot.cursorX = 0.25
                plot.showsMarkers = logarithmic
                var grid = CellGrid(width: width, height: height)
                plot.render(into: &grid, x: 0, y: 0, width: width, height: height)
                plot.render(into: &grid, x: -4, y: -1, width: width + 8, height: height + 2)
                assertSize(grid, width, height, "curves \(width)x\(height)")
            }
        }
    }
}
