import Engine
import Foundation
import Formats
import Numerics
import XCTest

final class TrajectoryPCATests: XCTestCase {
    /// θ_T with a 2-D and a 1-D tensor (250 values), and two orthonormal directions u1, u2.
    private func makeBasis() -> (theta: Parameters, u1: [Float], u2: [Float]) {
        var generator = SeededGenerator(seed: 17)
        let theta = Parameters([
            ("fc.weight", Tensor(shape: [20, 12], data: generator.gaussians(count: 240))),
            ("fc.bias", Tensor(shape: [10], data: generator.gaussians(count: 10))),
        ])
        let first = generator.gaussians(count: 250).map(Double.init)
        var second = generator.gaussians(count: 250).map(Double.init)
        let u1 = unit(first)
        let overlap = zip(u1, second).reduce(0) { $0 + $1.0 * $1.1 }
        second = zip(second, u1).map { $0 - overlap * $1 }
        return (theta, u1.map(Float.init), unit(second).map(Float.init))
    }

    private func unit(_ values: [Double]) -> [Double] {
        let length = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return values.map { $0 / length }
    }

    /// The nine points of the grid {−3, 0, 3} × {−1, 0, 1} in the plane (u1, u2) around θ_T,
    /// θ_T itself last. The centred rows then have variance 54 along u1 and 6 along u2.
    private let grid: [(Double, Double)] = [
        (-3, -1), (-3, 0), (-3, 1), (0, -1), (0, 1), (3, -1), (3, 0), (3, 1), (0, 0),
    ]

    private func makeCheckpoints() -> (checkpoints: [Parameters], u1: [Float], u2: [Float]) {
        let (theta, u1, u2) = makeBasis()
        let base = theta.flattened()
        let checkpoints = grid.map { a, b in
            theta.unflattened(base.indices.map {
                base[$0] + Float(a) * u1[$0] + Float(b) * u2[$0]
            })
        }
        return (checkpoints, u1, u2)
    }

    private func dot(_ a: [Float], _ b: [Float]) -> Double {
        zip(a, b).reduce(0) { $0 + Double($1.0) * Double($1.1) }
    }

    func testRecoversKnownPlaneAndSpreads() throws {
        let (checkpoints, u1, u2) = makeCheckpoints()
        let pca = try XCTUnwrap(TrajectoryPCA(checkpoints: checkpoints))
        let pc1 = pca.pc1.flattened(), pc2 = pca.pc2.flattened()
        XCTAssertEqual(abs(dot(pc1, u1)), 1, accuracy: 1e-5, "pc1 against u1")
        XCTAssertEqual(abs(dot(pc2, u2)), 1, accuracy: 1e-5, "pc2 against u2")
        XCTAssertEqual(dot(pc1, pc2), 0, accuracy: 1e-5, "pc1 against pc2")
        XCTAssertEqual(pca.explainedVarianceRatios[0], 0.9, accuracy: 1e-5)
        XCTAssertEqual(pca.explainedVarianceRatios[1], 0.1, accuracy: 1e-5)
    }

    func testProjectionsFollowConstruction() throws {
        let (checkpoints, u1, u2) = makeCheckpoints()
        let pca = try XCTUnwrap(TrajectoryPCA(checkpoints: checkpoints))
        let sign1 = dot(pca.pc1.flattened(), u1) > 0 ? 1.0 : -1.0
        let sign2 = dot(pca.pc2.flattened(), u2) > 0 ? 1.0 : -1.0
        for (projection, (a, b)) in zip(pca.projections, grid) {
            XCTAssertEqual(projection.x, sign1 * a, accuracy: 1e-4, "x of (\(a), \(b))")
            XCTAssertEqual(projection.y, sign2 * b, accuracy: 1e-4, "y of (\(a), \(b))")
            XCTAssertEqual(projection.residual, 0, accuracy: 1e-4, "residual of (\(a), \(b))")
        }
        XCTAssertLessThanOrEqual(pca.projections[0].x, 0, "the first checkpoint sets the sign")
        XCTAssertLessThanOrEqual(pca.projections[0].y, 0, "the first checkpoint sets the sign")
    }

    func testResidualMeasuresOffPlaneStep() throws {
        var (checkpoints, _, _) = makeCheckpoints()
        // Move the fourth checkpoint by 0.25 along the bias alone, mostly off the plane.
        var moved = checkpoints[3]
        var bias = moved["fc.bias"]!
        bias.data[0] += 0.25
        moved["fc.bias"] = bias
        checkpoints[3] = moved
        let pca = try XCTUnwrap(TrajectoryPCA(checkpoints: checkpoints))
        let residual = pca.projections[3].residual
        XCTAssertGreaterThan(residual, 0.1)
        XCTAssertLessThanOrEqual(residual, 0.25 + 1e-5)
        XCTAssertLessThan(pca.explainedVarianceRatios.reduce(0, +), 1)
    }

    func testIgnoredBiasesStayZero() throws {
        let (checkpoints, _, _) = makeCheckpoints()
        let pca = try XCTUnwrap(TrajectoryPCA(checkpoints: checkpoints, ignoreBiasAndNorm: true))
        XCTAssertEqual(pca.pc1["fc.bias"]!.data, [Float](repeating: 0, count: 10))
        XCTAssertEqual(pca.pc2["fc.bias"]!.data, [Float](repeating: 0, count: 10))
        XCTAssertEqual(pca.pc1["fc.weight"]!.norm, 1, accuracy: 1e-5)
    }

    func testCollinearCheckpointsGiveNil() {
        let (theta, u1, _) = makeBasis()
        let base = theta.flattened()
        let line = [-2.0, -1, 1, 0].map { a in
            theta.unflattened(base.indices.map { base[$0] + Float(a) * u1[$0] })
        }
        XCTAssertNil(TrajectoryPCA(checkpoints: line))
        XCTAssertNil(TrajectoryPCA(checkpoints: Array(makeCheckpoints().checkpoints.suffix(2))))
    }

    func testBundledCheckpointRun() throws {
        let trajectory = try Trajectory(folder: SampleFiles.checkpoints)
        XCTAssertEqual(trajectory.names.count, 21)
        XCTAssertEqual(trajectory.names.first, "epoch-000.safetensors")
        XCTAssertEqual(trajectory.names.last, "epoch-020.safetensors")
        let pca = try XCTUnwrap(TrajectoryPCA(checkpoints: trajectory.models.map(\.parameters)))
        let ratios = pca.explainedVarianceRatios
        XCTAssertGreaterThan(ratios[1], 0)
        XCTAssertGreaterThanOrEqual(ratios[0], ratios[1])
        XCTAssertLessThanOrEqual(ratios[0] + ratios[1], 1 + 1e-9)
        XCTAssertEqual(pca.projections.count, 21)
        let last = pca.projections.last!
        XCTAssertEqual([last.x, last.y, last.residual], [0, 0, 0])
        XCTAssertEqual(pca.pc1.flattened().count, trajectory.models[0].parameters.scalarCount)
        XCTAssertEqual(dot(pca.pc1.flattened(), pca.pc2.flattened()), 0, accuracy: 1e-5)
    }

    func testOddArchitectureNamesFile() throws {
        let folder = NSTemporaryDirectory() + "landscape-trajectory-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for name in ["epoch-000.safetensors", "epoch-001.safetensors"] {
            try FileManager.default.copyItem(atPath: "\(SampleFiles.checkpoints)/\(name)",
                                             toPath: "\(folder)/\(name)")
        }
        let odd = "\(folder)/epoch-002.safetensors"
        try FileManager.default.copyItem(atPath: "\(SampleFiles.models)/resnet-narrow.safetensors",
                                         toPath: odd)
        XCTAssertThrowsError(try Trajectory(folder: folder)) { error in
            XCTAssertEqual(error as? FormatError, FormatError(
                file: odd, message: "architecture differs from that of epoch-000.safetensors, "
                    + "expected every checkpoint in the folder to share one architecture"))
        }
        try FileManager.default.removeItem(atPath: odd)
        XCTAssertThrowsError(try Trajectory(folder: folder)) { error in
            XCTAssertEqual(error as? FormatError, FormatError(
                file: folder, message: "contains 2 .safetensors files, expected at least 3 "
                    + "checkpoints of one run"))
        }
    }
}
