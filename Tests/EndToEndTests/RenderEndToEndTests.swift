import Foundation
import FoundationXML
import XCTest

/// `landscape render` writes the first view of the sample model without a terminal.
final class RenderEndToEndTests: XCTestCase {
    private var folder = ""

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "landscape-render-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    private func render(_ name: String, _ extra: [String] = []) throws -> Data {
        let path = folder + "/" + name
        let result = try Package.run(["render", "sample-models/cnn-b128-wd0.safetensors",
                                      "--samples", "100", "--size", "40x12", "--out", path]
                                     + extra)
        XCTAssertEqual(result.status, 0, result.err)
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    func testAsciiTextHasNoHighBytes() throws {
        let text = try render("view.txt", ["--ascii"])
        XCTAssertTrue(text.allSatisfy { $0 < 128 }, "byte above 127 in --ascii output")
        let lines = String(decoding: text, as: UTF8.self).split(separator: "\n")
        XCTAssertEqual(lines.count, 12)
        XCTAssertTrue(lines[0].hasPrefix("landscape  cnn-b128-wd0"), String(lines[0]))
        XCTAssertTrue(lines.last!.contains("a=0.0000 b=0.0000 loss "), String(lines.last!))
    }

    func testSVGIsXMLAndPNGHasSignature() throws {
        let svg = try render("view.svg")
        XCTAssertTrue(XMLParser(data: svg).parse(), "SVG does not parse")
        let png = try render("view.png")
        XCTAssertEqual(Array(png.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    }

    func testCSVHoldsTheValues() throws {
        let csv = String(decoding: try render("view.csv"), as: UTF8.self)
        let rows = csv.split(separator: "\n")
        XCTAssertEqual(rows.first, "alpha,beta,loss,accuracy")
        XCTAssertTrue(rows.contains { $0.hasPrefix("0.0,0.0,") }, "no row at the origin")
        XCTAssertFalse(rows.dropFirst().contains { $0.hasSuffix(",,") }, "pending rows")

        // A regular grid: evenly spaced α and β, one row per point, β outer and α inner.
        let points = rows.dropFirst().map { $0.split(separator: ",").prefix(2).map(String.init) }
        let alphas = Array(Set(points.map { Double($0[0])! })).sorted()
        let betas = Array(Set(points.map { Double($0[1])! })).sorted()
        XCTAssertEqual(Set(zip(alphas.dropFirst(), alphas).map { $0 - $1 }).count, 1,
                       "alpha steps in \(alphas)")
        XCTAssertEqual(Set(zip(betas.dropFirst(), betas).map { $0 - $1 }).count, 1,
                       "beta steps in \(betas)")
        XCTAssertEqual(points.count, alphas.count * betas.count)
        XCTAssertEqual(points.first, ["\(alphas[0])", "\(betas[0])"])
        XCTAssertEqual(points.last, ["\(alphas.last!)", "\(betas.last!)"])
    }

    func testBadOutputPathsFailBeforeComputing() throws {
        for path in [folder, folder + "/missing/v.svg"] {
            let started = Date()
            let result = try Package.run(["render", "--out", path])
            XCTAssertEqual(result.status, 1, result.err)
            XCTAssertTrue(result.err.contains(path), result.err)
            XCTAssertLessThan(Date().timeIntervalSince(started), 20,
                              "the check should come before the surface is computed")
        }
    }

    func testUnknownExtensionIsRejected() throws {
        let result = try Package.run(["render", "--samples", "10", "--out", folder + "/v.gif"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.err.contains("v.gif"), result.err)
        XCTAssertEqual(result.err.split(separator: "\n").count, 1, result.err)
    }

    func testTwoModelsWithContoursAndTheme() throws {
        let path = folder + "/pair.txt"
        let result = try Package.run([
            "render", "sample-models/cnn-b128-wd0.safetensors",
            "sample-models/cnn-b4096-wd0.safetensors", "--samples", "100", "--size", "100x30",
            "--contours", "--theme", "light", "--out", path,
        ])
        XCTAssertEqual(result.status, 0, result.err)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let rows = text.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertTrue(rows[1].contains("1/2 cnn-b128-wd0"), String(rows[1]))
        XCTAssertTrue(rows[1].contains("2/2 cnn-b4096-wd0"), String(rows[1]))
        let braille = text.unicodeScalars.filter { (0x2801...0x28FF).contains($0.value) }
        XCTAssertGreaterThan(braille.count, 20, "no contour lines:\n\(text)")
    }

    func testBadThemeFileNamesLineAndKey() throws {
        let theme = folder + "/broken.theme"
        try "colormap = viridis\ncursor = blue\n".write(toFile: theme, atomically: true,
                                                          encoding: .utf8)
        let result = try Package.run(["render", "--theme", theme, "--out", folder + "/v.txt"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.err.contains(theme + ":2: key 'cursor'"), result.err)
        XCTAssertEqual(result.err.split(separator: "\n").count, 1, result.err)
    }

    func testPictureOfASurfaceFile() throws {
        let surface = folder + "/s.csv"
        let computed = try Package.run([
            "surface", "sample-models/cnn-b128-wd0.safetensors", "--x", "-1:1:5",
            "--y", "-0.5:1:4", "--samples", "50", "--out", surface,
        ])
        XCTAssertEqual(computed.status, 0, computed.err)
        let picture = folder + "/s.txt"
        let drawn = try Package.run(["render", "--from", surface, "--size", "140x20",
                                     "--out", picture])
        XCTAssertEqual(drawn.status, 0, drawn.err)
        let rows = try String(contentsOfFile: picture, encoding: .utf8).split(separator: "\n")
        XCTAssertTrue(rows[0].hasSuffix("s.csv  loss"), String(rows[0]))
        XCTAssertTrue(rows[1].hasPrefix("    1.00 "), String(rows[1]))
        XCTAssertTrue(rows.last!.contains("a 0.0"), String(rows.last!))

        let wrong = try Package.run(["render", "--from", surface, "--column", "nope",
                                     "--out", picture])
        XCTAssertEqual(wrong.status, 1)
        XCTAssertTrue(wrong.err.contains("no column 'nope'"), wrong.err)
    }
}
