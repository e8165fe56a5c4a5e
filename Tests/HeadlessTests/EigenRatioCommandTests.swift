import Foundation
import XCTest

/// `landscape surface` and `line` with `--metric eigen-ratio` on the sample CNN.
final class EigenRatioCommandTests: XCTestCase {
    private var scratch: ScratchFolder!
    private let quick = ["--samples", "20", "--lanczos-steps", "6", "--metric", "eigen-ratio"]
    private let counting = ["LANDSCAPE_COUNT_EVALUATIONS": "1"]

    override func setUpWithError() throws {
        try Landscape.requireSampleData()
        scratch = try ScratchFolder()
    }

    /// Reads an eigen-ratio CSV file as rows of fields, checking its header.
    private func rows(_ path: String) throws -> [[String]] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.removeFirst(), "alpha,beta,lambda_min,lambda_max,ratio")
        return lines.map { $0.split(separator: ",").map(String.init) }
    }

    func testSurfaceWritesEigenvaluesAndRatio() throws {
        let out = scratch.file("ratio.csv")
        try Landscape.succeed(["surface", Landscape.model, "--x", "-0.5:0.5:2", "--y", "0:0.2:2",
                               "--out", out] + quick)
        let table = try rows(out)
        XCTAssertEqual(table.map { [$0[0], $0[1]] },
                       [["-0.5", "0.0"], ["0.5", "0.0"], ["-0.5", "0.2"], ["0.5", "0.2"]])
        for row in table {
            let lambdaMin = try XCTUnwrap(Float(row[2])), lambdaMax = try XCTUnwrap(Float(row[3]))
            let ratio = try XCTUnwrap(Float(row[4]))
            XCTAssertLessThan(lambdaMin, lambdaMax, "\(row)")
            XCTAssertGreaterThan(lambdaMax, 0, "\(row)")
            XCTAssertEqual(ratio, abs(lambdaMin / lambdaMax), "\(row)")
        }
    }

    func testLineEqualsSurfaceRow() throws {
        let line = scratch.file("line.csv"), surface = scratch.file("surface.csv")
        try Landscape.succeed(["line", Landscape.model, "--x", "0:1:2", "--out", line] + quick)
        try Landscape.succeed(["surface", Landscape.model, "--x", "0:1:2", "--y", "0:1:2",
                               "--out", surface] + quick)
        XCTAssertEqual(try rows(line), Array(try rows(surface).prefix(2)))
    }

    func testInterruptedRunResumes() throws {
        let out = scratch.file("ratio.npy")
        let grid = ["surface", Landscape.model, "--x", "-1:1:3", "--y", "0:0:1", "--workers",
                    "1"] + quick
        let stopped = try Landscape.run(grid + ["--out", out],
                                        environment: ["LANDSCAPE_STOP_AFTER": "1"])
        XCTAssertEqual(stopped.status, 1, stopped.err)
        XCTAssertTrue(stopped.err.contains("stopped after 1 of 3 points"), stopped.err)

        let resumed = try Landscape.run(grid + ["--out", out], environment: counting)
        XCTAssertEqual(resumed.status, 0, resumed.err)
        XCTAssertEqual(resumed.err, "landscape: note: resuming from \(out).partial: 1 of 3 "
                       + "points already computed\nevaluations 2\n")

        // Two workers for the uninterrupted run: a point's value depends on nothing else.
        let whole = scratch.file("whole.npy")
        try Landscape.succeed(grid + ["--workers", "2", "--out", whole])
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: out)),
                       try Data(contentsOf: URL(fileURLWithPath: whole)))
    }

    func testLossPartialIsNotResumed() throws {
        let out = scratch.file("grid.csv")
        let base = ["line", Landscape.model, "--x", "-1:1:3", "--samples", "20", "--workers",
                    "1", "--out", out]
        let stopped = try Landscape.run(base, environment: ["LANDSCAPE_STOP_AFTER": "1"])
        XCTAssertEqual(stopped.status, 1, stopped.err)
        let eigen = try Landscape.run(base + ["--lanczos-steps", "6", "--metric",
                                              "eigen-ratio"], environment: counting)
        XCTAssertEqual(eigen.status, 0, eigen.err)
        XCTAssertEqual(eigen.err, "landscape: note: replacing \(out).partial, starting "
                       + "afresh: it was made with other options\nevaluations 3\n")
    }

    func testInvalidOptionsGiveOneLine() throws {
        let out = scratch.file("never.csv")
        let cases: [([String], String)] = [
            (["--metric", "hessian"], "invalid --metric 'hessian': expected loss or eigen-ratio"),
            (["--metric", "eigen-ratio", "--shortcut"], "--shortcut applies to --metric loss "
             + "only, since the eigen-ratio needs the gradients of every layer"),
            (["--lanczos-steps", "5"], "--lanczos-steps applies to --metric eigen-ratio only"),
            (["--metric", "eigen-ratio", "--lanczos-steps", "1"], "invalid --lanczos-steps "
             + "'1': expected an integer of at least 2"),
        ]
        for (arguments, message) in cases {
            let result = try Landscape.run(["line", Landscape.model, "--out", out] + arguments)
            XCTAssertEqual(result.status, 1, "\(arguments)")
            XCTAssertEqual(result.err, "landscape: \(message) (see 'landscape line --help')\n",
                           "\(arguments)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }
}
