import XCTest

/// `--help` of the headless commands, and the top-level usage that lists them.
final class HelpTextTests: XCTestCase {
    func testEachCommandPrintsUsage() throws {
        for command in ["surface", "line", "directions", "bench"] {
            let result = try Landscape.run([command, "--help"])
            XCTAssertEqual(result.status, 0, command)
            XCTAssertTrue(result.out.hasPrefix("usage: landscape \(command) "), result.out)
            XCTAssertEqual(result.err, "", command)
        }
    }

    func testLineHelpDescribesOneRow() throws {
        let result = try Landscape.run(["line", "--help"])
        XCTAssertEqual(result.status, 0)
        XCTAssertFalse(result.out.contains("--y"), result.out)
        XCTAssertFalse(result.out.contains("β outer"), result.out)
        XCTAssertFalse(result.out.contains("[ny, nx"), result.out)
        XCTAssertTrue(result.out.contains("[1, nx, 4]"), result.out)
        XCTAssertTrue(result.out.contains("loss and accuracy [1, nx]"), result.out)
    }

    func testSurfaceHelpDescribesGrid() throws {
        let result = try Landscape.run(["surface", "--help"])
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.out.contains("[ny, nx, 4]"), result.out)
        XCTAssertTrue(result.out.contains("β outer"), result.out)
    }

    func testTopLevelUsageListsCommands() throws {
        let result = try Landscape.run(["--help"])
        XCTAssertEqual(result.status, 0)
        for command in ["surface", "line", "directions", "bench"] {
            XCTAssertTrue(result.out.contains("  landscape \(command) "), command)
        }
    }

    func testMissingOutputFolderFailsBeforeComputing() throws {
        try Landscape.requireSampleData()
        let out = "/nonexistent-landscape-folder/out.csv"
        let result = try Landscape.run(["surface", Landscape.model, "--out", out])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.err, "landscape: \(out): cannot write here: the folder "
                       + "'/nonexistent-landscape-folder' is missing or is not a folder\n")
    }

    func testUnwritableOutputFolderFailsBeforeComputing() throws {
        // /sys takes no new files, even from root, although access() reports it writable.
        // With evaluations counted, a run that computed before failing would say so on
        // stderr beside the error.
        try Landscape.requireSampleData()
        let out = "/sys/landscape-output.csv"
        let result = try Landscape.run(["surface", Landscape.model, "--samples", "all",
                                        "--out", out],
                                       environment: ["LANDSCAPE_COUNT_EVALUATIONS": "1"])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.err, "landscape: \(out): cannot write here: the folder '/sys' "
                       + "is not writable\n")
    }
}
