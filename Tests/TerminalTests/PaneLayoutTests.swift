@testable import Terminal
import Engine
import Rendering
import XCTest

final class PaneLayoutTests: XCTestCase {
    func testTwoPanesSideBySideWhenWide() {
        let layout = ExplorerLayout(width: 120, height: 40, paneCount: 2)
        XCTAssertTrue(layout.arrangement == (2, 1))
        XCTAssertEqual(layout.frame(ofSlot: 1), .init(x: 60, y: 1, width: 60, height: 38))
        XCTAssertEqual(layout.plotFrame(ofSlot: 1), .init(x: 60, y: 2, width: 60, height: 37))
    }

    func testTwoPanesStackWhenNarrow() {
        let layout = ExplorerLayout(width: 60, height: 20, paneCount: 2)
        XCTAssertTrue(layout.arrangement == (1, 2))
        XCTAssertEqual(layout.frame(ofSlot: 1), .init(x: 0, y: 10, width: 60, height: 9))
        XCTAssertTrue(layout.showsAllPanes)
    }

    func testTinyScreenShowsActivePaneOnly() {
        let layout = ExplorerLayout(width: 40, height: 12, paneCount: 2)
        XCTAssertFalse(layout.showsAllPanes)
        XCTAssertEqual(layout.frame(ofSlot: 0), .init(x: 0, y: 1, width: 40, height: 10))
    }

    func testFourPanesInTwoColumnsAt120x40() {
        let layout = ExplorerLayout(width: 120, height: 40, paneCount: 4)
        XCTAssertTrue(layout.arrangement == (2, 2))
        XCTAssertEqual(layout.frame(ofSlot: 3), .init(x: 60, y: 20, width: 60, height: 19))
    }

    func testOnePaneHasNoHeading() {
        let layout = ExplorerLayout(width: 120, height: 40)
        XCTAssertEqual(layout.plotFrame(ofSlot: 0), layout.frame(ofSlot: 0))
    }

    /// Two panes whose values span 1...2 and 3...5, composed at 100x20.
    private func twoPaneFrame(ownScales: Bool) -> CellGrid {
        let pane = HeatmapPane(heatmap: Heatmap(style: .shadeRamp))
        let layout = ExplorerLayout(width: 100, height: 20, paneCount: 2)
        let pixels = layout.plotPixels(pane)
        let lattice = PixelLattice(viewport: .initial, width: pixels.width,
                                   height: pixels.height)
        func values(from lower: Float, to upper: Float) -> [PointValue?] {
            let count = pixels.width * pixels.height
            return (0..<count).map {
                let t = Float($0) / Float(count - 1)
                return PointValue(loss: lower + (upper - lower) * t, accuracy: 0.5)
            }
        }
        var snapshot = FrameSnapshot(title: "t", viewport: .initial, lattice: lattice, panes: [
            PaneSnapshot(title: "low", values: values(from: 1, to: 2), cursorValue: nil),
            PaneSnapshot(title: "high", values: values(from: 3, to: 5), cursorValue: nil),
        ])
        snapshot.ownScales = ownScales
        return FrameComposer(style: .shadeRamp, allowsUnicode: false)
            .compose(snapshot, layout: layout)
    }

    func testPanesShareOneColourScale() {
        let row = twoPaneFrame(ownScales: false).text(ofRow: 2)
        XCTAssertEqual(row.components(separatedBy: " 5").count - 1, 2, row)
        let bottom = twoPaneFrame(ownScales: false).text(ofRow: 17)
        XCTAssertEqual(bottom.components(separatedBy: " 1").count - 1, 2, bottom)
    }

    func testOwnScalesAreMarked() {
        let grid = twoPaneFrame(ownScales: true)
        XCTAssertTrue(grid.text(ofRow: 1).contains("low  [own scale]  computing"),
                      grid.text(ofRow: 1))
        XCTAssertTrue(grid.text(ofRow: 2).contains(" 2"), grid.text(ofRow: 2))
        XCTAssertTrue(grid.text(ofRow: 2).contains(" 5"), grid.text(ofRow: 2))
        XCTAssertTrue(grid.text(ofRow: 19).contains("own scales"), grid.text(ofRow: 19))
    }

    func testCyclingKeysWrap() {
        var state = ExplorerState()
        state.paneCount = 2
        state.normalizationCount = 4
        state.runCount = 2
        state.apply([.nextPane, .nextPane, .nextPane, .nextNormalization, .switchRun,
                     .switchRun, .switchRun, .nextMetric])
        XCTAssertEqual(state.activePane, 1)
        XCTAssertEqual(state.normalization, 1)
        XCTAssertEqual(state.run, 1)
        XCTAssertEqual(state.metric, .accuracy)
    }
}
