@testable import Terminal
import Engine
import Rendering
import XCTest

/// Composes whole explorer frames at sizes a terminal can take, none of which may trap.
final class AwkwardSizeTests: XCTestCase {
    private func frame(width: Int, height: Int, panes: Int, contours: ContourMode,
                       style: HeatmapStyle) -> CellGrid {
        let composer = FrameComposer(style: style, allowsUnicode: style != .shadeRamp)
        let layout = ExplorerLayout(width: width, height: height, paneCount: panes)
        let pixels = layout.plotPixels(composer.pane)
        let lattice = PixelLattice(viewport: .initial, width: pixels.width,
                                   height: pixels.height)
        let count = pixels.width * pixels.height
        var values: [PointValue?] = []
        for index in 0..<count {
            let loss: Float = index % 11 == 0 ? .nan : Float(index % 13)
            values.append(index % 7 == 0 ? nil : PointValue(loss: loss, accuracy: 0.5))
        }
        var snapshot = FrameSnapshot(
            title: "awkward", viewport: .initial, lattice: lattice,
            panes: (0..<panes).map {
                PaneSnapshot(title: "pane \($0)", values: values, cursorValue: values.first ?? nil)
            })
        snapshot.contours = contours
        snapshot.helpVisible = width % 2 == 0
        return composer.compose(snapshot, layout: layout)
    }

    func testNoSizeTraps() {
        let sizes = [(1, 1), (39, 11), (40, 12), (41, 13), (60, 20), (120, 40), (300, 80)]
        for (width, height) in sizes {
            for panes in [1, 2, 4] {
                for contours in ContourMode.allCases {
                    for style in HeatmapStyle.allCases {
                        let grid = frame(width: width, height: height, panes: panes,
                                         contours: contours, style: style)
                        XCTAssertEqual(grid.width, width)
                        XCTAssertEqual(grid.height, height)
                    }
                }
            }
        }
    }

    func testTooSmallSaysWhatItNeeds() {
        let grid = frame(width: 39, height: 11, panes: 2, contours: .off, style: .halfBlock)
        XCTAssertEqual(grid.text(ofRow: 0).trimmingCharacters(in: .whitespaces),
                       "need 40x12, have 39x11")
    }
}
