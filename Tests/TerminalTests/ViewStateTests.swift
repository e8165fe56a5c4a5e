@testable import Terminal
import CNcursesw
import Engine
import XCTest

final class ViewStateTests: XCTestCase {
    func testCursorPixelIsTheCentre() {
        var viewport = Viewport.initial
        viewport.pan(columns: 3, rows: -1)
        let lattice = PixelLattice(viewport: viewport, width: 101, height: 74)
        let cursor = lattice.cursor
        let point = lattice.point(x: cursor.x, y: cursor.y, offset: 0)
        XCTAssertEqual(point, SurfacePoint(alpha: 0.75, beta: -0.25))
    }

    func testBetaGrowsUpward() {
        let viewport = Viewport.initial
        XCTAssertGreaterThan(viewport.beta(atRow: 0, of: 40), viewport.beta(atRow: 39, of: 40))
        XCTAssertLessThan(viewport.alpha(atColumn: 0, of: 40),
                          viewport.alpha(atColumn: 39, of: 40))
    }

    func testQueuedKeysMergeIntoOneView() {
        var state = ExplorerState()
        let keys: [Int32] = [KEY_RIGHT, KEY_RIGHT, Int32(UInt8(ascii: "+")), KEY_UP]
        state.apply(keys.compactMap(KeyCommand.init(key:)))
        XCTAssertEqual(state.viewport.centerAlpha, 0.5)
        XCTAssertEqual(state.viewport.halfWidth, 0.5)
        XCTAssertEqual(state.viewport.centerBeta, 0.125)
        XCTAssertFalse(state.quitRequested)
    }

    func testResetAndQuitKeys() {
        var state = ExplorerState()
        state.apply([.pan(columns: 2, rows: 2), .zoom(factor: 2)])
        state.apply([KeyCommand(key: Int32(UInt8(ascii: "0")))!])
        XCTAssertEqual(state.viewport, Viewport.initial)
        state.apply([KeyCommand(key: Int32(UInt8(ascii: "q")))!])
        XCTAssertTrue(state.quitRequested)
    }

    func testUnmappedKeyIsIgnored() {
        XCTAssertNil(KeyCommand(key: Int32(UInt8(ascii: "Z"))))
    }

    func testRequestOrderIsCoarseFirstAndUnique() {
        let lattice = PixelLattice(viewport: .initial, width: 64, height: 48)
        let order = lattice.requestOrder()
        XCTAssertEqual(Set(order).count, order.count, "duplicate requests")
        XCTAssertEqual(order.first, SurfacePoint(alpha: 0, beta: 0), "the cursor comes first")

        let coarse = Set((0..<48).flatMap { y in
            (0..<64).map { x in lattice.point(x: x, y: y, offset: PixelLattice.coarsestOffset) }
        })
        XCTAssertEqual(Set(order.prefix(coarse.count)), coarse, "coarsest level first")
        let finest = Set((0..<48).flatMap { y in
            (0..<64).map { x in lattice.point(x: x, y: y, offset: 0) }
        })
        XCTAssertTrue(finest.isSubset(of: Set(order)), "every pixel's own point is requested")
    }

    func testZoomInReusesLatticePoints() {
        let wide = PixelLattice(viewport: .initial, width: 64, height: 64)
        var zoomed = Viewport.initial
        zoomed.zoom(by: 2)
        let close = PixelLattice(viewport: zoomed, width: 64, height: 64)
        let widePoints = Set(wide.requestOrder())
        let closePoints = Set(close.requestOrder())
        let reused = widePoints.filter { abs($0.alpha) <= 0.5 && abs($0.beta) <= 0.5 }
        XCTAssertFalse(reused.isEmpty)
        XCTAssertTrue(reused.isSubset(of: closePoints),
                      "\(reused.subtracting(closePoints).count) points not reused")
    }
}

final class ToggleKeyTests: XCTestCase {
    private func key(_ character: Character) -> KeyCommand? {
        KeyCommand(key: Int32(character.asciiValue!))
    }

    func testLogScaleToggles() {
        var state = ExplorerState()
        state.apply([key("L")!])
        XCTAssertTrue(state.logScale)
        state.apply([key("L")!])
        XCTAssertFalse(state.logScale)
    }

    func testLowercaseLStillPans() {
        XCTAssertEqual(key("l"), .pan(columns: 1, rows: 0))
    }

    func testHelpOpensAndEscapeCloses() {
        var state = ExplorerState()
        state.apply([key("?")!])
        XCTAssertTrue(state.helpVisible)
        state.apply([KeyCommand(key: 27)!])
        XCTAssertFalse(state.helpVisible)
    }
}
