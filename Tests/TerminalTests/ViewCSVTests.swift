@testable import Terminal
import Engine
import Foundation
import XCTest

/// The CSV that `e` and `landscape render` write: a regular grid of exact lattice points.
final class ViewCSVTests: XCTestCase {
    /// A zoomed, panned view whose pixel spacings (1/400 across 100 columns, 1/148 across
    /// 37 rows) are not powers of two, so pixel centres snap unevenly to the lattice.
    private let viewport = Viewport(centerAlpha: 0.25, centerBeta: -0.125, halfWidth: 0.125)
    private var lattice: PixelLattice { PixelLattice(viewport: viewport, width: 100, height: 37) }

    /// The loss of every point: a plane, so that neighbouring points differ.
    private static func loss(_ point: SurfacePoint) -> Float {
        Float(1 + point.alpha + 2 * point.beta)
    }

    private var source: SurfaceEvaluator!

    override func setUp() {
        source = SurfaceEvaluator(evaluate: {
            PointValue(loss: ViewCSVTests.loss($0), accuracy: 0.5)
        }, workers: 2, summary: "plane")
    }

    override func tearDown() {
        source.stop()
    }

    /// Requests `points` and waits until the source has computed them all.
    private func compute(_ points: [SurfacePoint]) {
        source.request(points)
        while source.pendingCount > 0 {
            usleep(10_000)
        }
    }

    private struct Row {
        var alpha: String
        var beta: String
        var loss: String
        var accuracy: String
    }

    /// Returns the rows after the header, failing the test on a line without four fields.
    private func rows(_ csv: String) throws -> [Row] {
        let lines = csv.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "alpha,beta,loss,accuracy")
        return try lines.dropFirst().map { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                .map(String.init)
            guard fields.count == 4 else {
                XCTFail("expected 4 fields in '\(line)'")
                throw CocoaError(.fileReadCorruptFile)
            }
            return Row(alpha: fields[0], beta: fields[1], loss: fields[2], accuracy: fields[3])
        }
    }

    /// Returns the distinct values of `texts` in the order they first appear.
    private func distinct(_ texts: [String]) -> [Double] {
        var seen = Set<String>()
        return texts.filter { seen.insert($0).inserted }.map { Double($0)! }
    }

    private func assertEvenlySpaced(_ values: [Double], _ name: String,
                                    line: UInt = #line) {
        XCTAssertGreaterThan(values.count, 2, name, line: line)
        let steps = zip(values.dropFirst(), values).map { $0 - $1 }
        XCTAssertEqual(Set(steps).count, 1, "\(name) steps \(Set(steps).sorted())", line: line)
        XCTAssertGreaterThan(steps.first ?? 0, 0, "\(name) increasing", line: line)
    }

    func testComputedViewIsRegularGrid() throws {
        let lattice = self.lattice
        compute(lattice.requestOrder())
        let csv = ViewExporter().csv(lattice: lattice, panes: [
            ExplorerPane(title: "plane", source: source),
        ])
        let rows = try rows(csv)
        let alphas = distinct(rows.map(\.alpha))
        let betas = distinct(rows.map(\.beta))
        assertEvenlySpaced(alphas, "alpha")
        assertEvenlySpaced(betas, "beta")
        XCTAssertEqual(rows.count, alphas.count * betas.count, "one row per grid point")

        // β in the outer loop and α in the inner one, both increasing.
        for (index, row) in rows.enumerated() {
            XCTAssertEqual(Double(row.alpha), alphas[index % alphas.count], "row \(index)")
            XCTAssertEqual(Double(row.beta), betas[index / alphas.count], "row \(index)")
        }

        // Every value is the one computed at the row's exact coordinates.
        for row in rows {
            let point = SurfacePoint(alpha: Double(row.alpha)!, beta: Double(row.beta)!)
            XCTAssertEqual(row.loss, "\(ViewCSVTests.loss(point))", "\(row.alpha),\(row.beta)")
            XCTAssertEqual(row.accuracy, "0.5")
        }

        // The grid spans the view to within one grid step at each edge.
        let alphaStep = alphas[1] - alphas[0]
        let betaStep = betas[1] - betas[0]
        XCTAssertLessThanOrEqual(abs(alphas.first! - lattice.alphas[0][0]), alphaStep)
        XCTAssertLessThanOrEqual(abs(alphas.last! - lattice.alphas[0][99]), alphaStep)
        XCTAssertLessThanOrEqual(abs(betas.first! - lattice.betas[0][36]), betaStep)
        XCTAssertLessThanOrEqual(abs(betas.last! - lattice.betas[0][0]), betaStep)
        XCTAssertLessThanOrEqual(alphaStep, 2 * viewport.spacing(across: 100))
        XCTAssertLessThanOrEqual(betaStep, 2 * viewport.spacing(across: 37))
    }

    func testPendingPointsHaveEmptyFields() throws {
        let lattice = self.lattice
        let coarse = (0..<lattice.height).flatMap { y in
            (0..<lattice.width).map {
                lattice.point(x: $0, y: y, offset: PixelLattice.coarsestOffset)
            }
        }
        compute(coarse)
        let csv = ViewExporter().csv(lattice: lattice, panes: [
            ExplorerPane(title: "plane", source: source),
        ])
        let rows = try rows(csv)
        let alphas = distinct(rows.map(\.alpha))
        let betas = distinct(rows.map(\.beta))
        assertEvenlySpaced(alphas, "alpha")
        assertEvenlySpaced(betas, "beta")
        XCTAssertEqual(rows.count, alphas.count * betas.count, "pending points keep their row")

        let computed = Set(coarse)
        for row in rows {
            let point = SurfacePoint(alpha: Double(row.alpha)!, beta: Double(row.beta)!)
            if computed.contains(point) {
                XCTAssertEqual(row.loss, "\(ViewCSVTests.loss(point))")
            } else {
                XCTAssertEqual(row.loss, "", "\(row.alpha),\(row.beta) is pending")
                XCTAssertEqual(row.accuracy, "")
            }
        }
        XCTAssertTrue(rows.contains { $0.loss.isEmpty }, "some points are pending")
        XCTAssertTrue(rows.contains { !$0.loss.isEmpty }, "the coarse points are computed")
    }

    func testPanesArePrefixedWithTheirTitle() throws {
        let lattice = self.lattice
        compute(lattice.requestOrder())
        let csv = ViewExporter().csv(lattice: lattice, panes: [
            ExplorerPane(title: "first", source: source),
            ExplorerPane(title: "second", source: source),
        ])
        let lines = csv.split(separator: "\n")
        XCTAssertEqual(lines.first, "model,alpha,beta,loss,accuracy")
        let firstCount = lines.filter { $0.hasPrefix("first,") }.count
        let secondCount = lines.filter { $0.hasPrefix("second,") }.count
        XCTAssertGreaterThan(firstCount, 0)
        XCTAssertEqual(firstCount, secondCount)
        XCTAssertEqual(lines.count, 1 + firstCount + secondCount)
    }
}
