import Formats
import Foundation
import Numerics
import XCTest

/// `landscape directions --pca` on the bundled checkpoints, and loading its file with --dirs.
final class TrajectoryDirectionsTests: XCTestCase {
    private var scratch: ScratchFolder!
    private let checkpoints = Landscape.root + "/sample-models/cnn-b128-wd0-checkpoints"

    override func setUpWithError() throws {
        try Landscape.requireSampleData()
        scratch = try ScratchFolder()
    }

    private func numbers(_ text: String?) throws -> [Double] {
        let data = Data(try XCTUnwrap(text).utf8)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [Double])
    }

    func testFileHasTrajectoryAndLoads() throws {
        let out = scratch.file("pca.safetensors")
        try Landscape.succeed(["directions", "--pca", checkpoints, "--out", out])
        let (tensors, metadata) = try Safetensors.read(path: out)
        let model = try Safetensors.read(path: Landscape.model).tensors
        XCTAssertEqual(tensors.count, 2 * model.count)
        var squares = 0.0
        for name in model.names {
            XCTAssertEqual(tensors["delta." + name]?.shape, model[name]?.shape, name)
            squares += tensors["delta." + name]!.norm * tensors["delta." + name]!.norm
        }
        XCTAssertEqual(squares, 1, accuracy: 1e-5, "pc1 has unit length")

        let ratios = try numbers(metadata["explained_variance_ratio"])
        XCTAssertEqual(ratios.count, 2)
        XCTAssertGreaterThan(ratios[1], 0)
        XCTAssertLessThanOrEqual(ratios[0] + ratios[1], 1)
        let names = try XCTUnwrap(try JSONSerialization.jsonObject(
            with: Data(try XCTUnwrap(metadata["checkpoints"]).utf8)) as? [String])
        XCTAssertEqual(names.count, 21)
        XCTAssertEqual(names.last, "epoch-020.safetensors")
        for key in ["projection_x", "projection_y", "residual_norm"] {
            let values = try numbers(metadata[key])
            XCTAssertEqual(values.count, 21, key)
            XCTAssertEqual(values.last, 0, key)
        }
        XCTAssertEqual(metadata["format"], "landscape-directions")
        XCTAssertEqual(metadata["ignore"], "none")
        try checkSurfaceLoads(directions: out)
    }

    /// Checks that `surface --dirs` takes the PCA file around the final checkpoint.
    private func checkSurfaceLoads(directions: String) throws {
        let final = checkpoints + "/epoch-020.safetensors"
        let out = scratch.file("surface.csv")
        try Landscape.succeed(["surface", final, "--dirs", directions, "--x", "-1:0:2",
                               "--y", "0:0:1", "--samples", "50", "--out", out])
        let plain = scratch.file("plain.csv")
        try Landscape.succeed(["line", final, "--x", "0:0:1", "--samples", "50", "--out", plain])
        let rows = try SurfaceRow.read(out)
        XCTAssertEqual(rows.count, 2)
        XCTAssertEqual(rows[1].loss, try SurfaceRow.read(plain)[0].loss, "origin is θ_T")
        XCTAssertNotEqual(rows[0].loss, rows[1].loss)
    }

    func testInvalidRequestsGiveOneLine() throws {
        let out = scratch.file("never.safetensors")
        let cases: [([String], String)] = [
            (["--pca", checkpoints, Landscape.model], "--pca computes directions from the "
             + "checkpoints alone, so it takes no MODEL, got '\(Landscape.model)' (see "
             + "'landscape directions --help')"),
            (["--pca", checkpoints, "--seed", "2"], "--pca directions are neither random nor "
             + "normalized, so --pca takes no --norm or --seed "
             + "(see 'landscape directions --help')"),
            (["--pca", scratch.path], "\(scratch.path): contains 0 .safetensors files, "
             + "expected at least 3 checkpoints of one run"),
            (["--pca", scratch.file("missing")], "\(scratch.file("missing")): cannot list the "
             + "folder, expected a folder of checkpoint .safetensors files"),
        ]
        for (arguments, message) in cases {
            let result = try Landscape.run(["directions", "--out", out] + arguments)
            XCTAssertEqual(result.status, 1, "\(arguments)")
            XCTAssertEqual(result.err, "landscape: \(message)\n", "\(arguments)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }
}
