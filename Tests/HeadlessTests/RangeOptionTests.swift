import XCTest

/// `--x` and `--y` as `MIN:MAX:NUM`: the accepted spellings and the one-line errors.
final class RangeOptionTests: XCTestCase {
    private var scratch: ScratchFolder!

    override func setUpWithError() throws {
        try Landscape.requireSampleData()
        scratch = try ScratchFolder()
    }

    /// Runs `line` with `rangeArguments` and returns the α column.
    private func alphas(_ rangeArguments: [String]) throws -> [String] {
        let out = scratch.file("line.csv")
        try Landscape.succeed(["line", Landscape.model, "--samples", "2", "--out", out]
                              + rangeArguments)
        return try SurfaceRow.read(out).map(\.alpha)
    }

    func testBothSpellingsGiveFiftyOnePoints() throws {
        for arguments in [["--x=-1:1:51"], ["--x", "-1:1:51"]] {
            let values = try alphas(arguments)
            XCTAssertEqual(values.count, 51, "\(arguments)")
            XCTAssertEqual(values.first, "-1.0", "\(arguments)")
            XCTAssertEqual(values[25], "0.0", "\(arguments)")
            XCTAssertEqual(values.last, "1.0", "\(arguments)")
        }
    }

    func testAcceptedForms() throws {
        let table: [(String, [String])] = [
            ("0:0.5:6", ["0.0", "0.1", "0.2", "0.3", "0.4", "0.5"]),
            ("-2:0:3", ["-2.0", "-1.0", "0.0"]),
            ("-0.5:-0.25:2", ["-0.5", "-0.25"]),
            ("0.25:9:1", ["0.25"]),
            ("3:3:1", ["3.0"]),
        ]
        for (range, expected) in table {
            XCTAssertEqual(try alphas(["--x", range]), expected, range)
        }
    }

    func testRejectedFormsGiveOneLineErrors() throws {
        let table: [(String, String)] = [
            ("1:-1:51", "MIN < MAX when NUM > 1"),
            ("-1:1:0", "NUM at least 1"),
            ("a:b:c", "two numbers and an integer"),
            ("-1:1", "two numbers and an integer"),
            ("-1:1:2.5", "two numbers and an integer"),
            ("nan:1:3", "two numbers and an integer"),
            ("1:1:3", "MIN < MAX when NUM > 1"),
        ]
        for (range, rule) in table {
            for command in ["surface", "line"] {
                let result = try Landscape.run([command, Landscape.model, "--x", range,
                                                "--out", scratch.file("never.csv")])
                let expected = "landscape: invalid --x '\(range)': expected MIN:MAX:NUM "
                    + "with \(rule), such as -1:1:51 (see 'landscape \(command) --help')\n"
                XCTAssertEqual(result.err, expected, "\(command) --x \(range)")
                XCTAssertEqual(result.status, 1, "\(command) --x \(range)")
            }
        }
        let result = try Landscape.run(["surface", Landscape.model, "--y=1:-1:51",
                                        "--out", scratch.file("never.csv")])
        XCTAssertEqual(result.err, "landscape: invalid --y '1:-1:51': expected MIN:MAX:NUM "
                       + "with MIN < MAX when NUM > 1, such as -1:1:51 "
                       + "(see 'landscape surface --help')\n")
        XCTAssertEqual(result.status, 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.file("never.csv")))
    }

    func testLineRejectsY() throws {
        let result = try Landscape.run(["line", Landscape.model, "--y", "0:1:3",
                                        "--out", scratch.file("never.csv")])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.err.hasPrefix("landscape: unknown option --y;"), result.err)
    }
}
