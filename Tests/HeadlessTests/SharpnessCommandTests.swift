import Foundation
import XCTest

/// `landscape sharpness` on the sample CNNs: the table, its edge cases and its errors.
final class SharpnessCommandTests: XCTestCase {
    override func setUpWithError() throws {
        try Landscape.requireSampleData()
    }

    private func sample(_ name: String) -> String {
        Landscape.root + "/sample-models/" + name + ".safetensors"
    }

    /// Runs `sharpness` and returns its output lines, failing the test on a nonzero status.
    private func table(_ arguments: [String]) throws -> [String] {
        let result = try Landscape.run(["sharpness"] + arguments)
        XCTAssertEqual(result.status, 0, result.err)
        return result.out.split(separator: "\n").map(String.init)
    }

    /// Splits a table row into its whitespace-separated fields.
    private func fields(_ row: String) -> [String] {
        row.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    }

    func testTableHasRowPerModel() throws {
        let lines = try table([sample("cnn-b128-wd0"), sample("cnn-b4096-wd0"),
                               "--samples", "200", "--tolerance", "0.001"])
        XCTAssertEqual(lines.count, 5, lines.joined(separator: "\n"))
        XCTAssertEqual(lines[0], "data fashion-mnist:test, 200 samples | filter-normalized, "
                       + "biases still | seed 1")
        XCTAssertEqual(lines[1], "search |a| <= 1.0, step 0.02, tolerance 0.001")
        XCTAssertEqual(fields(lines[2]), ["model", "loss_at_0", "left", "right", "width",
                                          "multiple", "normalization"])
        for (row, model) in zip(lines.dropFirst(3), ["cnn-b128-wd0", "cnn-b4096-wd0"]) {
            let values = fields(row)
            XCTAssertEqual(values.count, 7, row)
            XCTAssertEqual(values[0], model)
            let left = try XCTUnwrap(Double(values[2]), row)
            let right = try XCTUnwrap(Double(values[3]), row)
            let width = try XCTUnwrap(Double(values[4]), row)
            XCTAssertLessThan(left, 0, row)
            XCTAssertGreaterThan(right, 0, row)
            XCTAssertEqual(width, right - left, accuracy: 0.0015, row)
            XCTAssertEqual(values[2].split(separator: ".").last?.count, 3, "decimals: \(row)")
            XCTAssertEqual(Array(values[5...]), ["2", "filter"])
        }
    }

    func testLossAtZeroMatchesInfo() throws {
        let model = sample("cnn-b4096-wd5e-4")
        let lines = try table([model, "--samples", "300", "--tolerance", "0.01"])
        let info = try Landscape.run(["info", model, "--data", "fashion-mnist:test",
                                      "--samples", "300"])
        XCTAssertEqual(info.status, 0, info.err)
        let loss = fields(lines[3])[1]
        XCTAssertTrue(info.out.contains("loss \(loss) "), "expected loss \(loss) in \(info.out)")
    }

    func testNarrowRangeIsBeyond() throws {
        let lines = try table([sample("cnn-b128-wd0"), "--samples", "100", "--range", "0.01",
                               "--tolerance", "0.001", "--multiple", "3"])
        let values = fields(lines[3])
        XCTAssertEqual(Array(values[2...6]), ["beyond", "-0.01", "beyond", "0.01", ">0.020"])
        XCTAssertEqual(values[7...].joined(separator: " "), "3 filter")
    }

    func testIncreaseColumnShowsIncrease() throws {
        let lines = try table([sample("cnn-b128-wd0"), "--samples", "100", "--increase", "0.5",
                               "--tolerance", "0.01"])
        XCTAssertEqual(fields(lines[2])[5], "increase")
        XCTAssertEqual(Array(fields(lines[3])[5...]), ["0.5", "filter"])
    }

    func testWorkersGiveSameTable() throws {
        let models = [sample("cnn-b128-wd5e-4"), sample("cnn-b4096-wd0")]
        let options = ["--samples", "100", "--tolerance", "0.01", "--norm", "layer",
                       "--seed", "3"]
        let one = try table(models + options + ["--workers", "1"])
        let two = try table(models + options + ["--workers", "2"])
        XCTAssertEqual(one, two)
        XCTAssertTrue(one[3].hasSuffix(" layer"), one[3])
    }

    func testBadInputMessages() throws {
        let model = sample("cnn-b128-wd0")
        let cases: [([String], String)] = [
            ([], "missing MODEL; usage: landscape sharpness MODEL..."),
            ([model, "--multiple", "1"], "invalid --multiple '1': expected a number above 1, "
                + "such as 2"),
            ([model, "--range", "0"], "invalid --range '0': expected a positive number of "
                + "α units, such as 1"),
            ([model, "--step", "2"], "invalid --step '2': expected a positive number up to "
                + "--range"),
            ([model, "--multiple", "3", "--increase", "1"], "--multiple and --increase both "
                + "set the threshold; give one of them"),
            ([model, "--increase", "0"], "invalid --increase '0': expected a positive number "
                + "of nats, such as 0.5"),
            ([model, "--norm", "unit"], "invalid --norm 'unit': expected filter, layer, "
                + "weight or none"),
        ]
        for (arguments, message) in cases {
            let result = try Landscape.run(["sharpness"] + arguments)
            XCTAssertEqual(result.status, 1, arguments.joined(separator: " "))
            XCTAssertEqual(result.err, "landscape: \(message) (see 'landscape sharpness --help')\n")
        }
        let missing = try Landscape.run(["sharpness", "/nonexistent/model.safetensors"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.err.hasPrefix("landscape: /nonexistent/model.safetensors: "),
                      missing.err)
    }

    func testHelpPrintsUsage() throws {
        let result = try Landscape.run(["sharpness", "--help"])
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.out.hasPrefix("usage: landscape sharpness MODEL..."), result.out)
        let top = try Landscape.run(["--help"])
        XCTAssertTrue(top.out.contains("  landscape sharpness MODEL..."), top.out)
    }
}
