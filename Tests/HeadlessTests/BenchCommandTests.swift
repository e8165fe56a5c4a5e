import XCTest

/// `landscape bench`: the table's layout, never its figures.
final class BenchCommandTests: XCTestCase {
    func testTableHasRowPerSettingAndEstimate() throws {
        try Landscape.requireSampleData()
        let result = try Landscape.run(["bench", Landscape.model, "--samples", "10,20",
                                        "--seconds", "0.1"])
        XCTAssertEqual(result.status, 0, result.err)
        let lines = result.out.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.first?.hasPrefix("SGEMM peak ") ?? false, result.out)
        let header = lines.firstIndex { $0.hasPrefix("model ") }
        XCTAssertNotNil(header, result.out)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let settings = cores > 1 ? 2 : 1
        let rows = lines.filter { $0.hasPrefix("cnn-b128-wd0 ") && !$0.contains("+shortcut") }
        XCTAssertEqual(rows.count, 2 * settings, result.out)
        for row in rows {
            let fields = row.split(separator: " ")
            XCTAssertEqual(fields.count, 6, row)
            XCTAssertNotNil(Double(fields[3]), row)
            XCTAssertTrue(fields[5].hasSuffix("%"), row)
        }
        // The conv first layer's products for 10 and 20 samples fit in the cap.
        let shortcutRows = lines.filter { $0.hasPrefix("cnn-b128-wd0 +shortcut ") }
        XCTAssertEqual(shortcutRows.count, 2 * settings, result.out)
        for row in shortcutRows {
            XCTAssertEqual(row.split(separator: " ").count, 7, row)
        }
        XCTAssertTrue(lines.last?.hasPrefix("cnn-b128-wd0: a 51x51 grid on 10,000 samples "
                                            + "takes about ") ?? false, result.out)
        XCTAssertTrue(lines.last?.hasSuffix("scaled from 20 samples") ?? false, result.out)
    }

    func testBadSampleListIsRejected() throws {
        let result = try Landscape.run(["bench", "--samples", "10,,x"])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.err, "landscape: invalid --samples '10,,x': expected positive "
                       + "integers separated by commas, such as 1000,10000 "
                       + "(see 'landscape bench --help')\n")
    }
}
