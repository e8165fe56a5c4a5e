import Rendering
import XCTest

/// One value grid through every heatmap style: the lowest value, the highest, a pending
/// pixel and a diverged one.
final class HeatmapStyleTableTests: XCTestCase {
    let values = ValueGrid(rows: [[0, 8], [nil, .nan]])

    func testEveryStyle() {
        let cases: [(style: HeatmapStyle, rows: [String])] = [
            (.halfBlock, ["▀▀"]),
            (.solid, ["  ", " !"]),
            (.shadeRamp, [".@", " !"]),
        ]
        for (style, rows) in cases {
            var grid = CellGrid(width: 2, height: rows.count)
            Heatmap(style: style).render(values, range: values.finiteRange,
                                         into: &grid, x: 0, y: 0)
            XCTAssertEqual(grid.rows, rows, "\(style)")
        }
    }

    func testColorsPerStyle() {
        let diverged = Heatmap(style: .solid).divergedColor
        var halfBlock = CellGrid(width: 2, height: 1)
        Heatmap(style: .halfBlock).render(values, range: values.finiteRange,
                                          into: &halfBlock, x: 0, y: 0)
        XCTAssertEqual(halfBlock[0, 0].foreground, viridisStop(0))
        XCTAssertNil(halfBlock[0, 0].background, "pending lower pixel")
        XCTAssertEqual(halfBlock[1, 0].background, diverged)

        var solid = CellGrid(width: 2, height: 2)
        Heatmap(style: .solid).render(values, range: values.finiteRange,
                                      into: &solid, x: 0, y: 0)
        XCTAssertEqual(solid[1, 0].background, viridisStop(8))
        XCTAssertNil(solid[0, 1].background, "pending")
        XCTAssertEqual(solid[1, 1].background, diverged)

        var shade = CellGrid(width: 2, height: 2)
        Heatmap(style: .shadeRamp).render(values, range: values.finiteRange,
                                          into: &shade, x: 0, y: 0)
        for (index, cell) in shade.cells.enumerated() {
            XCTAssertNil(cell.foreground, "cell \(index)")
            XCTAssertNil(cell.background, "cell \(index)")
        }
    }

    func testPaneAtAwkwardSizes() {
        let sizes = [(0, 0), (1, 1), (39, 11), (40, 10), (300, 78)]
        for style in HeatmapStyle.allCases {
            let pane = HeatmapPane(heatmap: Heatmap(style: style))
            for (width, height) in sizes {
                let pixels = pane.plotPixels(width: width, height: height)
                var values = ValueGrid(width: pixels.width, height: pixels.height)
                for index in 0..<(pixels.width * pixels.height) where index % 3 == 0 {
                    values[index % pixels.width, index / pixels.width] = Float(index)
                }
                var grid = CellGrid(width: width, height: height)
                pane.render(values, alpha: -1...1, beta: -1...1,
                            cursor: (x: pixels.width / 2, y: pixels.height / 2),
                            into: &grid, x: 0, y: 0, width: width, height: height)
                XCTAssertEqual(grid.rows.count, height, "\(style) \(width)x\(height)")
            }
        }
    }
}
