import Formats
import Foundation
import Numerics
import XCTest

/// `landscape directions` files, and loading them back with `--dirs`.
final class DirectionsCommandTests: XCTestCase {
    private var scratch: ScratchFolder!

    override func setUpWithError() throws {
        try Landscape.requireSampleData()
        scratch = try ScratchFolder()
    }

    func testSavedDirectionsGiveSameSurface() throws {
        let directions = scratch.file("dirs.safetensors")
        try Landscape.succeed(["directions", Landscape.model, "--seed", "9", "--norm", "layer",
                               "--out", directions])
        let grid = ["--x", "-1:1:3", "--y", "-0.5:0.5:2", "--samples", "40"]
        try Landscape.succeed(["surface", Landscape.model, "--seed", "9", "--norm", "layer",
                               "--out", scratch.file("drawn.csv")] + grid)
        try Landscape.succeed(["surface", Landscape.model, "--dirs", directions,
                               "--out", scratch.file("loaded.csv")] + grid)
        XCTAssertEqual(try SurfaceRow.read(scratch.file("loaded.csv")),
                       try SurfaceRow.read(scratch.file("drawn.csv")))
    }

    func testFileHasNamedTensorsAndMetadata() throws {
        let directions = scratch.file("dirs.safetensors")
        try Landscape.succeed(["directions", Landscape.model, "--seed", "3", "--ignore", "none",
                               "--out", directions])
        let (tensors, metadata) = try Safetensors.read(path: directions)
        let model = try Safetensors.read(path: Landscape.model).tensors
        XCTAssertEqual(tensors.count, 2 * model.count)
        for name in model.names {
            XCTAssertEqual(tensors["delta." + name]?.shape, model[name]?.shape, name)
            XCTAssertEqual(tensors["eta." + name]?.shape, model[name]?.shape, name)
        }
        XCTAssertEqual(metadata["seed"], "3")
        XCTAssertEqual(metadata["norm"], "filter")
        XCTAssertEqual(metadata["ignore"], "none")
        XCTAssertEqual(metadata["format"], "landscape-directions")
    }

    func testMismatchedFileGivesOneLineError() throws {
        var tensors = Parameters()
        tensors["delta.fc.weight"] = Tensor(zeros: [2, 4])
        let path = scratch.file("other.safetensors")
        try Safetensors.write(tensors, metadata: [:], to: path)
        let result = try Landscape.run(["line", Landscape.model, "--dirs", path,
                                        "--out", scratch.file("never.csv")])
        XCTAssertEqual(result.status, 1)
        let lines = result.err.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, result.err)
        XCTAssertTrue(result.err.hasPrefix("landscape: \(path): missing tensor delta."),
                      result.err)
    }

    func testDirsExcludesSeed() throws {
        let result = try Landscape.run(["line", Landscape.model, "--dirs", "x.safetensors",
                                        "--seed", "2", "--out", scratch.file("never.csv")])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.err.contains("--dirs loads fixed directions"), result.err)
    }
}
