@testable import Terminal
import CNcursesw
import Engine
import XCTest

/// The window, grid and cursor of the interpolation view, and the keys that move them.
final class CurveViewTests: XCTestCase {
    private let standard = try! GridAxis(minimum: -0.5, maximum: 1.5, count: 401)

    func testInitialViewIsWholeAxis() {
        let view = CurveView(axis: standard)
        XCTAssertEqual(view.lower, -0.5)
        XCTAssertEqual(view.upper, 1.5)
        XCTAssertEqual(view.indices, 0...400)
        XCTAssertEqual(view.cursorT, 0, "the cursor starts on model A")
        XCTAssertEqual(view.t(0), -0.5)
        XCTAssertEqual(view.t(400), 1.5)
    }

    func testModelPointsAreExact() {
        let view = CurveView(axis: try! GridAxis(minimum: -0.3, maximum: 1.3, count: 17))
        // The step is 0.1, which binary floating point cannot hold, so -0.3 + 3·0.1 and
        // -0.3 + 13·0.1 land next to 0 and 1; the view takes them as exactly 0 and 1.
        XCTAssertEqual(view.t(3), 0)
        XCTAssertEqual(view.t(13), 1)
        XCTAssertEqual(view.cursorT, 0)
    }

    func testPointKeepsItsTAcrossLevels() {
        let view = CurveView(axis: standard)
        for index in [-9, -1, 0, 3, 57, 400, 801] {
            let t = view.t(index: index, level: 0)
            XCTAssertEqual(view.t(index: index * 2, level: 1), t, "index \(index)")
            XCTAssertEqual(view.t(index: index * 8, level: 3), t, "index \(index)")
            XCTAssertEqual(view.t(index: index, level: 0),
                           view.t(index: index * 4, level: 2), "index \(index)")
        }
        XCTAssertEqual(view.t(index: 3, level: -1), view.t(index: 6, level: 0))
    }

    func testZoomInKeepsCursorAndHalvesWindow() {
        var view = CurveView(axis: standard)
        view.moveCursor(by: 20)
        let cursor = view.cursorT
        view.zoom(by: 2)
        XCTAssertEqual(view.level, 1)
        XCTAssertEqual(view.cursorT, cursor)
        XCTAssertEqual(view.upper - view.lower, 1, accuracy: 1e-12)
        XCTAssertEqual((view.upper + view.lower) / 2, cursor, accuracy: 1e-12)
        XCTAssertEqual(view.step, 0.0025, accuracy: 1e-15)
        XCTAssertEqual(view.indices.count, 401, "the window keeps its number of points")
    }

    func testZoomOutSnapsCursorToCoarserGrid() {
        var view = CurveView(axis: standard)
        view.zoom(by: 2)
        view.moveCursor(by: 1)
        let fine = view.cursorT
        view.zoom(by: 0.5)
        XCTAssertEqual(view.level, 0)
        XCTAssertEqual(abs(view.cursorT - fine), 0.0025, accuracy: 1e-12)
        XCTAssertEqual(view.upper - view.lower, 2, accuracy: 1e-12)
    }

    func testZoomStopsAtDeepestLevel() {
        var view = CurveView(axis: standard)
        for _ in 0..<40 {
            view.zoom(by: 2)
        }
        XCTAssertEqual(view.level, CurveView.levels.upperBound)
        XCTAssertEqual(view.cursorT, 0)
        for _ in 0..<60 {
            view.zoom(by: 0.5)
        }
        XCTAssertEqual(view.level, CurveView.levels.lowerBound)
    }

    func testCursorScrollsWindowAtEdge() {
        var view = CurveView(axis: standard)
        view.moveCursor(by: 300)
        XCTAssertEqual(view.cursorT, 1.5)
        XCTAssertEqual(view.upper, 1.5)
        view.moveCursor(by: 4)
        XCTAssertEqual(view.upper, view.cursorT)
        XCTAssertEqual(view.upper - view.lower, 2, accuracy: 1e-12)
        XCTAssertEqual(view.indices.upperBound, 404)
        view.moveCursor(by: -500)
        XCTAssertEqual(view.lower, view.cursorT)
        XCTAssertEqual(view.indices.lowerBound, -96)
    }

    func testRequestOrderIsCoarseToFine() {
        let view = CurveView(axis: standard)
        let order = view.requestOrder()
        XCTAssertEqual(order.count, 401)
        XCTAssertEqual(Set(order), Set(0...400), "every point once")
        let passes = [8, 4, 2, 1].map { stride in
            order.firstIndex { $0 % stride == 0 && $0 % (stride * 2) != 0 } ?? -1
        }
        XCTAssertEqual(Array(order.prefix(2)), [100, 300], "the models' points first")
        XCTAssertTrue(order.dropFirst(2).prefix(51).allSatisfy { $0 % 8 == 0 }, "every 8th")
        XCTAssertEqual(order[2], 96, "the 8th nearest the cursor, the lower first")
        XCTAssertLessThan(passes[1], passes[2])
        XCTAssertLessThan(passes[2], passes[3])
        XCTAssertTrue(order.suffix(200).allSatisfy { $0 % 2 != 0 }, "odd indices last")
    }

    func testKeysMoveZoomAndReset() {
        var state = CurveExplorerState(view: CurveView(axis: standard))
        let keys: [Int32] = [KEY_RIGHT, Int32(UInt8(ascii: "l")), Int32(UInt8(ascii: "h")),
                             KEY_RIGHT, Int32(UInt8(ascii: "+")), KEY_UP]
        state.apply(keys.compactMap(KeyCommand.init(key:)))
        XCTAssertEqual(state.view.cursorT, 0.01, accuracy: 1e-12)
        XCTAssertEqual(state.view.level, 1)
        state.apply([KeyCommand(key: Int32(UInt8(ascii: "0")))!])
        XCTAssertEqual(state.view, CurveView(axis: standard))
        state.apply([KeyCommand(key: Int32(UInt8(ascii: "q")))!])
        XCTAssertTrue(state.quitRequested)
    }
}
