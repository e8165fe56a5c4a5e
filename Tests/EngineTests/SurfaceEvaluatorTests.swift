import Engine
import Foundation
import Numerics
import XCTest

final class SurfaceEvaluatorTests: XCTestCase {
    /// A dense 12-6-3 network on 40 random 1x3x4 samples.
    private func makeFunction() throws -> SurfaceFunction {
        let architecture = Architecture(
            inputShape: [1, 3, 4], inputMean: 0.5, inputStd: 0.25,
            layers: [.flatten, .dense(name: "fc1", inputs: 12, outputs: 6), .relu,
                     .dense(name: "fc2", inputs: 6, outputs: 3)])
        let network = try Network(architecture: architecture)
        let theta = network.initialParameters(seed: 2)
        var generator = SeededGenerator(seed: 9)
        let pixels = (0..<(40 * 12)).map { _ in Float(generator.nextUniform()) }
        let labels = (0..<40).map { _ in Int32(generator.next() % 3) }
        let data = Dataset(images: Tensor(shape: [40, 1, 3, 4], data: pixels), labels: labels,
                           classCount: 3)
        let (delta, eta) = Directions.pair(like: theta, seed: 4)
        return SurfaceFunction(network: network, center: theta, delta: delta, eta: eta,
                               samples: data)
    }

    private func waitUntilDone(_ source: SurfaceEvaluator, seconds: Double = 20) {
        let deadline = Date().addingTimeInterval(seconds)
        while source.pendingCount > 0, Date() < deadline { usleep(2_000) }
    }

    func testOriginEqualsModelLoss() throws {
        let function = try makeFunction()
        let atOrigin = function(SurfacePoint(alpha: 0, beta: 0))
        let direct = evaluate(function.network, parameters: function.center,
                              on: function.samples)
        XCTAssertEqual(atOrigin.loss, Float(direct.loss))
        XCTAssertEqual(atOrigin.accuracy, Float(direct.accuracy))
    }

    func testPointIsNotTransposed() throws {
        let function = try makeFunction()
        let point = SurfacePoint(alpha: 0.75, beta: -0.25)
        let moved = function.center.offset(by: [(0.75, function.delta), (-0.25, function.eta)])
        let expected = evaluate(function.network, parameters: moved, on: function.samples)
        let swapped = function(SurfacePoint(alpha: -0.25, beta: 0.75))
        XCTAssertEqual(function(point).loss, Float(expected.loss))
        XCTAssertNotEqual(swapped.loss, Float(expected.loss))
    }

    func testWorkersMatchDirectEvaluation() throws {
        let function = try makeFunction()
        let source = SurfaceEvaluator(function: function, workers: 2, summary: "test")
        defer { source.stop() }
        let points = (0..<25).map {
            SurfacePoint(alpha: Double($0 % 5) / 4, beta: Double($0 / 5) / 4)
        }
        source.request(points)
        waitUntilDone(source)
        XCTAssertEqual(source.pendingCount, 0)
        for point in points {
            XCTAssertEqual(source.value(at: point), function(point), "at \(point)")
        }
    }

    func testCachedPointsAreNotRecomputed() throws {
        let function = try makeFunction()
        let source = SurfaceEvaluator(function: function, workers: 2, summary: "test")
        defer { source.stop() }
        let points = (0..<8).map { SurfacePoint(alpha: Double($0) / 8, beta: 0) }
        source.request(points)
        waitUntilDone(source)
        XCTAssertEqual(source.evaluationCount, 8)
        source.request(points + [SurfacePoint(alpha: 2, beta: 2)])
        waitUntilDone(source)
        XCTAssertEqual(source.evaluationCount, 9)
    }

    func testNewRequestReplacesPending() throws {
        let function = try makeFunction()
        let source = SurfaceEvaluator(function: function, workers: 1, summary: "test")
        defer { source.stop() }
        let stale = (0..<2000).map { SurfacePoint(alpha: Double($0), beta: 1) }
        source.request(stale)
        let fresh = [SurfacePoint(alpha: 0, beta: 0)]
        source.request(fresh)
        let countAtReplacement = source.evaluationCount
        waitUntilDone(source)
        XCTAssertNotNil(source.value(at: fresh[0]))
        // The one worker may finish the stale point it had started, then only the fresh one.
        XCTAssertLessThanOrEqual(source.evaluationCount, countAtReplacement + 2)
        XCTAssertLessThan(source.evaluationCount, stale.count)
    }
}
