import Engine
import Foundation
import Numerics
import XCTest

/// Basin width on curves with known crossings, and on a bundled model.
final class BasinWidthTests: XCTestCase {
    private let search = BasinWidth.Search(range: 1, step: 0.02, tolerance: 1e-6)

    /// Checks that `edge` is a crossing within `tolerance / 2` of `expected`.
    private func assertEdge(_ edge: BasinWidth.Edge, _ expected: Double,
                            file: StaticString = #filePath, line: UInt = #line) {
        guard case let .at(observed) = edge else {
            return XCTFail("expected a crossing near \(expected), got \(edge)",
                           file: file, line: line)
        }
        let error = abs(observed - expected)
        XCTAssertLessThanOrEqual(error, search.tolerance / 2,
                                 "expected \(expected), observed \(observed), error \(error)",
                                 file: file, line: line)
    }

    func testSymmetricParabolaEdges() {
        // 1 + 4α² doubles at α = ±0.5.
        let result = BasinWidth.measure(search: search) { 1 + 4 * $0 * $0 }
        XCTAssertEqual(result.lossAtZero, 1)
        XCTAssertEqual(result.threshold, 2)
        assertEdge(result.left, -0.5)
        assertEdge(result.right, 0.5)
        XCTAssertEqual(result.width!, 1, accuracy: search.tolerance)
        XCTAssertFalse(result.isLowerBound)
    }

    func testAsymmetricParabolaEdges() {
        // 0.5·(1 + 9α²) left of 0 and 0.5·(1 + α²/0.36) right: k = 3 gives α = −√2/3 and
        // α = 0.6·√2, between grid points on both sides.
        let result = BasinWidth.measure(multiple: 3, search: search) { alpha in
            0.5 * (1 + (alpha < 0 ? 9 * alpha * alpha : alpha * alpha / 0.36))
        }
        assertEdge(result.left, -2.0.squareRoot() / 3)
        assertEdge(result.right, 0.6 * 2.0.squareRoot())
        XCTAssertEqual(result.criterion, .multiple(3))
    }

    func testIncreaseSetsAbsoluteThreshold() {
        // 0.5 + α² reaches 0.5 + 0.09 at α = ±0.3.
        let result = BasinWidth.measure(.increase(0.09), search: search) { 0.5 + $0 * $0 }
        XCTAssertEqual(result.threshold, 0.59, accuracy: 1e-15)
        assertEdge(result.left, -0.3)
        assertEdge(result.right, 0.3)
    }

    func testWalkAndBisectionCountEvaluations() {
        var calls = 0
        let result = BasinWidth.measure(search: search) { alpha in
            calls += 1
            return 1 + 4 * alpha * alpha
        }
        XCTAssertEqual(result.evaluations, calls)
        // Per side: 25 grid steps reach 0.5, then 15 halvings take 0.02 below 1e-6.
        XCTAssertEqual(calls, 1 + 2 * (25 + 15))
    }

    func testFlatCurveIsBeyondRange() {
        let result = BasinWidth.measure(search: search) { 1 + 0.1 * $0 * $0 }
        XCTAssertEqual(result.left, .beyond(-1))
        XCTAssertEqual(result.right, .beyond(1))
        XCTAssertEqual(result.width, 2)
        XCTAssertTrue(result.isLowerBound)
    }

    func testDivergedLossCountsAsAbove() {
        let result = BasinWidth.measure(search: search) { alpha in
            abs(alpha) < 0.3 ? 1 : (alpha < 0 ? .infinity : .nan)
        }
        assertEdge(result.left, -0.3)
        assertEdge(result.right, 0.3)
    }

    func testUndefinedWithoutPositiveLossAtZero() {
        let zeroIncrease = BasinWidth.measure(.increase(1), search: search) { abs($0) }
        assertEdge(zeroIncrease.left, -1)
        assertEdge(zeroIncrease.right, 1)

        for value in [Double.nan, .infinity, 0] {
            let result = BasinWidth.measure(search: search) { _ in value }
            XCTAssertEqual(result.left, .undefined, "f(0) = \(value)")
            XCTAssertEqual(result.right, .undefined, "f(0) = \(value)")
            XCTAssertNil(result.width, "f(0) = \(value)")
            XCTAssertEqual(result.evaluations, 1, "f(0) = \(value)")
        }
    }

    func testSampleModelWidensWithMultiple() throws {
        let path = EngineTestData.root + "/sample-models/cnn-b128-wd0.safetensors"
        let samples = try EngineTestData.split("fashion-mnist:test", count: 200)
        let loaded = try LoadedModel(path: path)
        let theta = loaded.model.parameters
        let (delta, eta) = Directions.pair(like: theta, seed: 1)
        let function = SurfaceFunction(network: loaded.network, center: theta, delta: delta,
                                       eta: eta, samples: samples, buffers: loaded.model.buffers)
        let curve = { (alpha: Double) in
            Double(function(SurfacePoint(alpha: alpha, beta: 0)).loss)
        }
        let search = BasinWidth.Search(range: 1, step: 0.02, tolerance: 1e-3)
        let double = BasinWidth.measure(multiple: 2, search: search, loss: curve)
        let quadruple = BasinWidth.measure(multiple: 4, search: search, loss: curve)

        let width = try XCTUnwrap(double.width)
        XCTAssertFalse(double.isLowerBound, "k = 2 never reached within ±1: \(double)")
        XCTAssertGreaterThan(width, 0)
        XCTAssertTrue(width.isFinite)
        XCTAssertLessThan(double.left.alpha!, 0)
        XCTAssertGreaterThan(double.right.alpha!, 0)
        XCTAssertLessThan(quadruple.left.alpha!, double.left.alpha!)
        XCTAssertGreaterThan(quadruple.right.alpha!, double.right.alpha!)
    }
}
