import XCTest

/// `landscape bench --eigen`: the table's layout, never its figures.
final class EigenBenchTests: XCTestCase {
    func testTableHasRowPerModel() throws {
        try Landscape.requireSampleData()
        let result = try Landscape.run(["bench", "--eigen", Landscape.model, "--samples", "8",
                                        "--lanczos-steps", "3", "--points", "1"])
        XCTAssertEqual(result.status, 0, result.err)
        let lines = result.out.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 3, result.out)
        XCTAssertEqual(lines.first, "data fashion-mnist:test, 3 Lanczos steps per point, "
                       + "1 worker")
        XCTAssertTrue(lines[1].hasPrefix("model "), result.out)
        let fields = lines[2].split(separator: " ")
        XCTAssertEqual(fields.count, 8, lines[2])
        XCTAssertEqual(fields.first, "cnn-b128-wd0")
        XCTAssertEqual(fields[1], "8")
        for field in fields.dropFirst(2) { XCTAssertNotNil(Double(field), lines[2]) }
    }

    func testHelpNamesOptions() throws {
        let result = try Landscape.run(["bench", "--eigen", "--help"])
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.out.hasPrefix("usage: landscape bench --eigen "), result.out)
        XCTAssertTrue(result.out.contains("--lanczos-steps N"), result.out)
    }
}
