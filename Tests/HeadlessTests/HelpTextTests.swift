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
        XCTAssertEqual(result.err, "landscape: \(out): cannot write the output: the folder "
                       + "/nonexistent-landscape-folder was not found\n")
    }
}
