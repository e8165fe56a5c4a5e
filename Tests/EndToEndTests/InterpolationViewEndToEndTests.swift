import Foundation
import XCTest

/// Drives `landscape explore --interpolate A B` in tmux on two checkpoints of one training
/// run, and checks its values at both models against `landscape info`.
final class InterpolationViewEndToEndTests: ExplorerTestCase {
    private let checkpoints = Package.root + "/sample-models/cnn-b128-wd0-checkpoints/"
    /// Samples per split: few, so that the 41 points of both curves finish in seconds.
    private let samples = 100

    private var start: String { checkpoints + "epoch-010.safetensors" }
    private var end: String { checkpoints + "epoch-020.safetensors" }

    /// Returns the last screen row that starts with `t=`.
    private func curveStatus(_ screen: String) -> String {
        screen.split(separator: "\n").last { $0.hasPrefix("t=") }.map(String.init) ?? ""
    }

    /// Returns whether every point is computed and the cursor's values are shown.
    private func isComplete(_ screen: String) -> Bool {
        let status = curveStatus(screen)
        return status.contains("pending 0") && !status.contains("computing")
    }

    /// Returns the loss and accuracy (in percent) that `landscape info` prints for `model`
    /// on the first `samples` of `split`.
    private func info(_ model: String, _ split: String) throws -> (loss: Double, percent: Double) {
        let result = try Package.run(["info", model, "--data", "fashion-mnist:\(split)",
                                      "--samples", "\(samples)"])
        XCTAssertEqual(result.status, 0, result.err)
        let line = result.out.split(separator: "\n").last { $0.hasPrefix("loss ") } ?? ""
        let loss = try XCTUnwrap(number(after: "loss", in: String(line)), result.out)
        let percent = try XCTUnwrap(number(after: "accuracy", in: String(line)), result.out)
        return (loss, percent)
    }

    /// Checks that the status line's train and test values equal `model`'s from `info`, to
    /// the digits shown: the loss to five significant digits, the accuracy to 0.01%.
    private func assertStatus(_ status: String, matches model: String,
                              file: StaticString = #filePath, line: UInt = #line) throws {
        for split in ["train", "test"] {
            let expected = try info(model, split)
            let fields = status.components(separatedBy: " \(split) ").last?
                .split(separator: " ") ?? []
            XCTAssertGreaterThanOrEqual(fields.count, 2, status, file: file, line: line)
            guard fields.count >= 2, let loss = Double(fields[0]),
                  let percent = Double(fields[1].dropLast()) else {
                XCTFail("no \(split) values in '\(status)'", file: file, line: line)
                continue
            }
            let lossTolerance = 5e-5 * max(expected.loss, 0.1) + 5e-7
            XCTAssertEqual(loss, expected.loss, accuracy: lossTolerance,
                           "\(split) loss of \(model)", file: file, line: line)
            XCTAssertEqual(percent, expected.percent, accuracy: 0.0051,
                           "\(split) accuracy of \(model)", file: file, line: line)
        }
    }

    func testCurveValuesKeysExportAndResize() throws {
        let arguments = "explore --interpolate '\(start)' '\(end)' --samples \(samples) "
            + "--t -0.5:1.5:41"
        let session = try TmuxSession(command: try launchScript(arguments))
        let first = try session.waitForScreen(seconds: 120, isComplete)
        XCTAssertTrue(isComplete(first), first)
        XCTAssertTrue(first.contains("epoch-010 -> epoch-020  100 samples each"), first)
        XCTAssertTrue(first.contains("v epoch-010"), first)
        XCTAssertTrue(first.contains("v epoch-020"), first)
        XCTAssertTrue(curveStatus(first).hasPrefix("t=0.000 "), curveStatus(first))
        try assertStatus(curveStatus(first), matches: start)

        for _ in 0..<20 {
            try session.send("l")
        }
        let atEnd = try session.waitForScreen(seconds: 10) {
            self.curveStatus($0).hasPrefix("t=1.000 ")
        }
        XCTAssertTrue(curveStatus(atEnd).hasPrefix("t=1.000 "), curveStatus(atEnd))
        try assertStatus(curveStatus(atEnd), matches: end)

        try session.send("h", "+")
        let zoomed = try session.waitForScreen(seconds: 60) {
            self.curveStatus($0).hasPrefix("t=0.950 ") && self.isComplete($0)
        }
        XCTAssertTrue(curveStatus(zoomed).hasPrefix("t=0.950 "), curveStatus(zoomed))
        XCTAssertTrue(isComplete(zoomed), zoomed)
        XCTAssertFalse(zoomed.contains("v epoch-010"), "t = 0 is outside [0.45, 1.45]")
        XCTAssertTrue(zoomed.contains("v epoch-020"), zoomed)

        try session.send("Right", "e")
        let exported = try session.waitForScreen(seconds: 10) {
            self.curveStatus($0).contains("exported landscape-view-")
        }
        XCTAssertTrue(curveStatus(exported).contains("exported landscape-view-"), exported)
        try checkExport(screen: exported)

        try session.resize(width: 30, height: 10)
        let tiny = try session.waitForScreen(seconds: 10) { $0.contains("need 40x12") }
        XCTAssertTrue(tiny.contains("need 40x12, have 30x10"), tiny)
        try session.resize(width: 120, height: 40)
        let back = try session.waitForScreen(seconds: 10) {
            self.curveStatus($0).hasPrefix("t=0.975 ")
        }
        XCTAssertTrue(curveStatus(back).hasPrefix("t=0.975 "), back)
        XCTAssertTrue(back.contains("v epoch-020"), back)

        try session.send("q")
        XCTAssertEqual(exitStatus(), "0")
        assertTerminalRestored()
    }

    /// Checks the exported files: all five formats, the text screen with the curve's title,
    /// and a CSV row at the cursor (t = 0.975) with values for both splits.
    private func checkExport(screen: String) throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: folder)
        let stems = Set(files.filter { $0.hasPrefix("landscape-view-") }
            .map { String($0.prefix { $0 != "." }) })
        XCTAssertEqual(stems.count, 1, "\(files)")
        let stem = try XCTUnwrap(stems.first)
        for format in ["txt", "ansi", "svg", "png", "csv"] {
            XCTAssertTrue(files.contains(stem + "." + format), "no .\(format) in \(files)")
        }
        let text = try String(contentsOfFile: folder + "/" + stem + ".txt", encoding: .utf8)
        XCTAssertTrue(text.contains("epoch-010 -> epoch-020"), text)
        let csv = try String(contentsOfFile: folder + "/" + stem + ".csv", encoding: .utf8)
        let lines = csv.split(separator: "\n")
        XCTAssertEqual(lines.first,
                       "t,train_loss,train_accuracy,test_loss,test_accuracy,negative_variances")
        XCTAssertEqual(lines.count, 42, "a header and the 41 points of the window")
        // t is rounded to a short decimal: 0.975, not 0.9750000000000001 (-0.5 + 59 · 0.025).
        let row = try XCTUnwrap(lines.first { $0.hasPrefix("0.975,") }, csv)
        let fields = row.split(separator: ",", omittingEmptySubsequences: false)
        XCTAssertEqual(fields.count, 6, String(row))
        XCTAssertTrue(fields.dropFirst().allSatisfy { Double($0) != nil }, String(row))
    }

    func testTerminateSignalRestoresTerminal() throws {
        let arguments = "explore --interpolate '\(start)' '\(end)' --samples 20"
        let session = try TmuxSession(command: try launchScript(arguments))
        try session.waitForScreen(seconds: 60) { self.curveStatus($0).hasPrefix("t=") }
        let pane = try session.panePID()
        let child = try XCTUnwrap(childPID(of: pane), "no landscape process under \(pane)")
        kill(child, SIGTERM)
        XCTAssertEqual(exitStatus(), "143")
        assertTerminalRestored()
    }

    func testMismatchedModelsFailBeforeTerminal() throws {
        let other = Package.root + "/sample-models/resnet-narrow.safetensors"
        let result = try Package.run(["explore", "--interpolate", start, other])
        XCTAssertEqual(result.status, 1)
        let lines = result.err.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, result.err)
        XCTAssertTrue(result.err.hasPrefix("landscape: \(start) and \(other) do not share one "
                                           + "architecture: tensor 0 is "), result.err)
        XCTAssertEqual(result.out, "", "nothing drawn")
    }
}
