@testable import Terminal
import Engine
import XCTest

/// A source whose values are a function of α, all computed at once.
private final class CurveSource: SurfaceSource {
    let loss: (Double) -> Float
    init(_ loss: @escaping (Double) -> Float) { self.loss = loss }
    func request(_ points: [SurfacePoint]) {}
    func value(at point: SurfacePoint) -> PointValue? {
        PointValue(loss: loss(point.alpha), accuracy: 1)
    }
    var pendingCount: Int { 0 }
    var pointsPerSecond: Double { 0 }
    var summary: String { "" }
    func stop() {}
    var notice: String? { nil }
}

final class BasinReadoutTests: XCTestCase {
    func testParabolaEdgesMatchItsCrossings() throws {
        // 1 + 4α² reaches twice its value at 0 where α = ±0.5.
        let source = CurveSource { Float(1 + 4 * $0 * $0) }
        let basin = try XCTUnwrap(BasinReadout(reach: 1).measure(source))
        XCTAssertEqual(try XCTUnwrap(basin.left), -0.5, accuracy: 1.0 / 64)
        XCTAssertEqual(try XCTUnwrap(basin.right), 0.5, accuracy: 1.0 / 64)
        XCTAssertEqual(basin.text, "basin x2 1")
    }

    func testFlatSideIsALowerBound() throws {
        let source = CurveSource { $0 < 0 ? Float(1 + 100 * $0 * $0) : 1 }
        let basin = try XCTUnwrap(BasinReadout(reach: 1).measure(source))
        XCTAssertNil(basin.right)
        XCTAssertTrue(basin.text.hasPrefix("basin x2 >1.1"), basin.text)
    }

    func testDivergedPointIsAnEdge() throws {
        let source = CurveSource { abs($0) > 0.25 ? .nan : 1 }
        let basin = try XCTUnwrap(BasinReadout(reach: 1).measure(source))
        XCTAssertEqual(try XCTUnwrap(basin.right), 0.265625, accuracy: 1e-12)
    }

    func testPointsStartAtZeroAndReachBothEnds() {
        let points = BasinReadout(reach: 0.5).points
        XCTAssertEqual(points.first, SurfacePoint(alpha: 0, beta: 0))
        XCTAssertEqual(points.count, 129)
        XCTAssertTrue(points.contains(SurfacePoint(alpha: -0.5, beta: 0)))
        XCTAssertTrue(points.contains(SurfacePoint(alpha: 0.5, beta: 0)))
    }
}
