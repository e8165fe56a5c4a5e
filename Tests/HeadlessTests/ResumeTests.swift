import Foundation
import XCTest

/// An interrupted `surface` run resumes from its `.partial` file.
final class ResumeTests: XCTestCase {
    private var scratch: ScratchFolder!
    private let grid = ["--x", "-1:1:4", "--y", "-1:1:3", "--samples", "30", "--workers", "2"]
    private let counting = ["LANDSCAPE_COUNT_EVALUATIONS": "1"]

    override func setUpWithError() throws {
        try Landscape.requireSampleData()
        scratch = try ScratchFolder()
    }

    private func surface(_ out: String, _ extra: [String] = [],
                         environment: [String: String]) throws
        -> (status: Int32, out: String, err: String)
    {
        try Landscape.run(["surface", Landscape.model, "--out", out] + grid + extra,
                          environment: environment)
    }

    func testInterruptedRunResumes() throws {
        let out = scratch.file("grid.csv")
        let stopped = try surface(out, environment: ["LANDSCAPE_STOP_AFTER": "5"]
                                  .merging(counting) { $1 })
        XCTAssertEqual(stopped.status, 1)
        XCTAssertTrue(stopped.err.contains("evaluations 5\n"), stopped.err)
        XCTAssertTrue(stopped.err.contains("stopped after 5 of 12 points"), stopped.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + ".partial"))

        let resumed = try surface(out, environment: counting)
        XCTAssertEqual(resumed.status, 0, resumed.err)
        XCTAssertEqual(resumed.err, "landscape: note: resuming from \(out).partial: 5 of 12 "
                       + "points already computed\nevaluations 7\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out + ".partial"))

        let whole = scratch.file("whole.csv")
        let uninterrupted = try surface(whole, environment: counting)
        XCTAssertEqual(uninterrupted.err, "evaluations 12\n")
        XCTAssertEqual(try SurfaceRow.read(out), try SurfaceRow.read(whole))
    }

    func testOtherOptionsStartAfresh() throws {
        let out = scratch.file("grid.csv")
        let stopped = try surface(out, environment: ["LANDSCAPE_STOP_AFTER": "4"])
        XCTAssertEqual(stopped.status, 1)

        let reseeded = try surface(out, ["--seed", "2"], environment: counting)
        XCTAssertEqual(reseeded.status, 0, reseeded.err)
        XCTAssertEqual(reseeded.err, "landscape: note: replacing \(out).partial, starting "
                       + "afresh: it was made with other options\nevaluations 12\n")
    }

    func testDamagedPartialStartsAfresh() throws {
        let out = scratch.file("grid.csv")
        try Data("something else\n".utf8).write(to: URL(fileURLWithPath: out + ".partial"))
        let result = try surface(out, environment: counting)
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertTrue(result.err.hasPrefix("landscape: note: replacing \(out).partial"),
                      result.err)
        XCTAssertTrue(result.err.hasSuffix("evaluations 12\n"), result.err)
    }
}
