import Formats
import Foundation
import Numerics
import XCTest

/// `--shortcut` on `surface` and `bench`, with a small MLP the test writes itself.
final class ShortcutTests: XCTestCase {
    private var scratch: ScratchFolder!
    private var mlp = ""

    override func setUpWithError() throws {
        try Landscape.requireSampleData()
        scratch = try ScratchFolder()
        let architecture = Architecture(
            inputShape: [1, 28, 28], inputMean: 0.286, inputStd: 0.353,
            layers: [.flatten, .dense(name: "fc1", inputs: 784, outputs: 32), .relu,
                     .dense(name: "fc2", inputs: 32, outputs: 10)])
        let network = try Network(architecture: architecture)
        mlp = scratch.file("mlp.safetensors")
        try ModelFile.write(Model(architecture: architecture,
                                  parameters: network.initialParameters(seed: 3)), to: mlp)
    }

    func testShortcutMatchesPlainSurface() throws {
        let grid = ["--x", "-2:2:5", "--y", "-1:1:3", "--samples", "200", "--ignore", "none"]
        try Landscape.succeed(["surface", mlp, "--out", scratch.file("plain.csv")] + grid)
        try Landscape.succeed(["surface", mlp, "--shortcut",
                               "--out", scratch.file("fast.csv")] + grid)
        let plain = try SurfaceRow.read(scratch.file("plain.csv"))
        let fast = try SurfaceRow.read(scratch.file("fast.csv"))
        XCTAssertEqual(fast.count, 15)
        for (expected, observed) in zip(plain, fast) {
            XCTAssertEqual(observed.alpha, expected.alpha)
            XCTAssertEqual(observed.beta, expected.beta)
            let expectedLoss = Double(expected.loss)!, observedLoss = Double(observed.loss)!
            // float32 sums of 784 products, rounded in another order than the plain path.
            let error = abs(observedLoss - expectedLoss)
            XCTAssertLessThanOrEqual(error, 1e-4 * max(1, expectedLoss),
                                     "at (\(expected.alpha), \(expected.beta)): expected "
                                     + "\(expectedLoss), observed \(observedLoss)")
        }
    }

    func testShortcutMatchesPlainLineOnConvModel() throws {
        let grid = ["--x", "-1:1:3", "--samples", "100"]
        try Landscape.succeed(["line", Landscape.model, "--out", scratch.file("plain.csv")]
                              + grid)
        try Landscape.succeed(["line", Landscape.model, "--shortcut",
                               "--out", scratch.file("fast.csv")] + grid)
        let plain = try SurfaceRow.read(scratch.file("plain.csv"))
        let fast = try SurfaceRow.read(scratch.file("fast.csv"))
        XCTAssertEqual(fast.count, 3)
        for (expected, observed) in zip(plain, fast) {
            let expectedLoss = Double(expected.loss)!, observedLoss = Double(observed.loss)!
            let error = abs(observedLoss - expectedLoss)
            XCTAssertLessThanOrEqual(error, 1e-4 * max(1, expectedLoss),
                                     "at \(expected.alpha): expected \(expectedLoss), "
                                     + "observed \(observedLoss)")
            XCTAssertEqual(observed.accuracy, expected.accuracy, "at \(expected.alpha)")
        }
    }

    func testShortcutRejectsProductsAboveCap() throws {
        // 10,000 samples of the CNN's 16x28x28 first-layer outputs need 1.4 GiB.
        let result = try Landscape.run(["line", Landscape.model, "--shortcut",
                                        "--out", scratch.file("never.csv")])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.err.hasPrefix("landscape: --shortcut needs "), result.err)
        XCTAssertEqual(result.err.split(separator: "\n").count, 1, result.err)
    }

    func testBenchAddsShortcutRows() throws {
        let result = try Landscape.run(["bench", mlp, "--samples", "20", "--seconds", "0.1"])
        XCTAssertEqual(result.status, 0, result.err)
        let rows = result.out.split(separator: "\n").filter { $0.hasPrefix("mlp +shortcut ") }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        XCTAssertEqual(rows.count, cores > 1 ? 2 : 1, result.out)
    }
}
