@testable import Terminal
import Engine
import Rendering
import XCTest

/// Frames of the interpolation view composed from fixed values.
final class CurveFrameTests: XCTestCase {
    private let composer = CurveFrameComposer(theme: .dark, allowsUnicode: true,
                                              usesColor: true)

    /// Returns a view of t from -1 to 2 in 13 points, with values at every point but the
    /// invalid ones below t = -0.5 and the pending ones above t = 1.5.
    private func snapshot() throws -> CurveSnapshot {
        let view = CurveView(axis: try GridAxis(minimum: -1, maximum: 2, count: 13))
        let points = view.indices.map { index -> CurveSnapshot.Point in
            let t = view.t(index)
            if t < -0.5 {
                let nan = PointValue(loss: .nan, accuracy: .nan)
                return CurveSnapshot.Point(t: t, train: nan, test: nan, negativeVariances: 3)
            }
            guard t <= 1.5 else { return CurveSnapshot.Point(t: t) }
            let loss = Float(0.2 + (t - 0.5) * (t - 0.5))
            return CurveSnapshot.Point(
                t: t, train: PointValue(loss: loss, accuracy: 0.95),
                test: PointValue(loss: loss + 0.1, accuracy: 0.9))
        }
        var snapshot = CurveSnapshot(title: "landscape  a -> b", view: view, points: points,
                                     startName: "model-a", endName: "model-b")
        snapshot.pendingCount = 4
        snapshot.pointsPerSecond = 12.5
        return snapshot
    }

    func testStatusShowsCursorValues() throws {
        let text = composer.statusText(try snapshot(), width: 200)
        XCTAssertTrue(text.hasPrefix("t=0.00 train 0.45 95.00% test 0.55 90.00%  pending 4"),
                      text)
        XCTAssertTrue(text.contains("2 gaps: negative BatchNorm variance"), text)
        XCTAssertTrue(text.contains("12.5 pts/s"), text)
        XCTAssertTrue(text.hasSuffix(CurveFrameComposer.keyHints), text)
    }

    func testStatusAtInvalidPointNamesReason() throws {
        var snapshot = try snapshot()
        snapshot.view.moveCursor(by: -4)
        let text = composer.statusText(snapshot, width: 200)
        XCTAssertTrue(text.hasPrefix("t=-1.00 no value: 3 BatchNorm channels with negative "
                                     + "running variance"), text)
    }

    func testStatusCutsNoticeToWidth() throws {
        var snapshot = try snapshot()
        snapshot.notice = "exported landscape-view-20260101-000000.*"
        let text = composer.statusText(snapshot, width: 70)
        XCTAssertEqual(text.count, 70, text)
        XCTAssertTrue(text.hasSuffix("  pending 4  exported landsca"), text)
    }

    func testFrameHasTitlePlotMarksAndStatus() throws {
        let grid = composer.compose(try snapshot(), width: 60, height: 16)
        let rows = grid.rows
        XCTAssertTrue(rows[0].hasPrefix("landscape  a -> b"), rows[0])
        XCTAssertTrue(rows[1].contains("o train loss"), rows[1])
        XCTAssertTrue(rows[2].contains("v model-a"), rows[2])
        XCTAssertTrue(rows[2].contains("v model-b"), rows[2])
        XCTAssertTrue(rows[15].hasPrefix("t=0.00 "), rows[15])
        XCTAssertTrue(rows[13].contains("^"), "the cursor on the axis: \(rows[13])")
        let markColumn = try XCTUnwrap(rows[2].firstIndex(of: "v")).utf16Offset(in: rows[2])
        let caretColumn = try XCTUnwrap(rows[13].firstIndex(of: "^")).utf16Offset(in: rows[13])
        XCTAssertEqual(markColumn, caretColumn, "mark A and the cursor at t = 0")
    }

    func testTooSmallScreenShowsMessage() throws {
        for (width, height) in [(30, 10), (39, 12), (40, 11), (0, 0), (1, 1)] {
            let grid = composer.compose(try snapshot(), width: width, height: height)
            let expected = "need 40x12, have \(width)x\(height)"
            XCTAssertEqual(grid.rows.first.map { $0.hasPrefix(String(expected.prefix(width))) },
                           height > 0 ? true : nil, "\(width)x\(height)")
        }
    }

    func testExportCsvRows() throws {
        let csv = CurveExporter.csv(try snapshot().points)
        let lines = csv.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 14)
        XCTAssertEqual(lines[0], CurveExporter.header)
        XCTAssertEqual(lines[1], "-1.0,nan,nan,nan,nan,3")
        XCTAssertEqual(lines[5], "0.0,0.45,0.95,0.55,0.9,0")
        XCTAssertEqual(lines[13], "2.0,,,,,")
    }

    func testExportCsvTimesHaveNoNoise() {
        let points = (32..<36).map { CurveSnapshot.Point(t: -0.5 + Double($0) * 0.005) }
        let lines = CurveExporter.csv(points).split(separator: "\n").map(String.init)
        let times = lines.dropFirst().map { String($0.prefix { $0 != "," }) }
        XCTAssertEqual(times, ["-0.34", "-0.335", "-0.33", "-0.325"])
    }
}
