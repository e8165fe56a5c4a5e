import Foundation
import XCTest

/// Drives the real `landscape` binary in tmux at 120x40 on the bundled sample models.
final class ExplorerEndToEndTests: ExplorerTestCase {
    func testMapPanZoomAndQuit() throws {
        let session = try TmuxSession(command: try launchScript())

        let first = try session.waitForScreen(seconds: 30) { self.blockCount($0) >= 300 }
        XCTAssertGreaterThanOrEqual(blockCount(first), 300, "no map after 30 s:\n\(first)")
        XCTAssertTrue(statusLine(first).contains("a=0.0000 b=0.0000"), statusLine(first))

        let settled = try session.waitForScreen(seconds: 30) {
            self.number(after: "loss", in: self.statusLine($0)) != nil
        }
        let shownLoss = try XCTUnwrap(number(after: "loss", in: statusLine(settled)),
                                      statusLine(settled))
        let info = try Package.run(["info", "sample-models/cnn-b128-wd0.safetensors",
                                    "--data", "fashion-mnist:test", "--samples", "1000"])
        let infoLoss = try XCTUnwrap(number(after: "loss", in: info.out), info.out + info.err)
        XCTAssertEqual(shownLoss, (infoLoss * 10_000).rounded() / 10_000, accuracy: 1e-9,
                       "explorer at (0, 0) against landscape info")

        try session.send("Right")
        let panned = try session.waitForScreen(seconds: 3) {
            self.statusLine($0).contains("a=0.2500 b=0.0000")
        }
        XCTAssertTrue(statusLine(panned).contains("a=0.2500 b=0.0000"), statusLine(panned))
        let pending = number(after: "pending", in: statusLine(panned)) ?? 0
        XCTAssertGreaterThan(pending, 0, "the pan should land while cells still compute")

        try session.send("+")
        let zoomed = try session.waitForScreen(seconds: 3) { $0.contains("0.75") }
        XCTAssertTrue(zoomed.contains("0.75"), "axis after zoom:\n\(zoomed)")
        XCTAssertTrue(statusLine(zoomed).contains("a=0.2500"), statusLine(zoomed))

        func braille(_ screen: String) -> Int {
            let rows = screen.split(separator: "\n").prefix(28)
            return rows.joined().unicodeScalars.filter { (0x2801...0x28FF).contains($0.value) }
                .count
        }
        try session.send("c")
        let contoured = try session.waitForScreen(seconds: 30) {
            self.statusLine($0).contains("contours") && braille($0) > braille(zoomed) + 10
        }
        XCTAssertTrue(statusLine(contoured).contains("contours"), statusLine(contoured))
        XCTAssertGreaterThan(braille(contoured), braille(zoomed) + 10,
                             "no contour lines over the heatmaps:\n\(contoured)")

        try session.send("L")
        let logarithmic = try session.waitForScreen(seconds: 5) {
            self.statusLine($0).contains("log scale")
        }
        XCTAssertTrue(statusLine(logarithmic).contains("log scale"), statusLine(logarithmic))

        try session.send("0")
        let reset = try session.waitForScreen(seconds: 3) {
            self.statusLine($0).contains("a=0.0000 b=0.0000")
        }
        XCTAssertTrue(statusLine(reset).contains("a=0.0000 b=0.0000"), statusLine(reset))

        try session.send("e")
        let exported = try session.waitForScreen(seconds: 5) { $0.contains("exported ") }
        XCTAssertTrue(statusLine(exported).contains("exported landscape-view-"),
                      statusLine(exported))
        let files = try FileManager.default.contentsOfDirectory(atPath: folder)
        for suffix in [".txt", ".ansi", ".svg", ".png", ".csv"] {
            XCTAssertTrue(files.contains { $0.hasSuffix(suffix) }, "no \(suffix) in \(files)")
        }
        let text = try files.first { $0.hasSuffix(".txt") }.map {
            try String(contentsOfFile: folder + "/" + $0, encoding: .utf8)
        }
        XCTAssertTrue(text?.contains("cnn-b128-wd0") == true, "title missing in export")

        try session.resize(width: 60, height: 20)
        let stacked = try session.waitForScreen(seconds: 5) {
            $0.split(separator: "\n").contains { $0.hasPrefix("  2/2 ") }
        }
        XCTAssertTrue(stacked.split(separator: "\n").contains { $0.hasPrefix("  2/2 ") },
                      "panes stacked at 60x20:\n\(stacked)")
        try session.resize(width: 30, height: 10)
        let tiny = try session.waitForScreen(seconds: 5) { $0.contains("need 40x12") }
        XCTAssertTrue(tiny.contains("need 40x12, have 30x10"), tiny)
        try session.resize(width: 120, height: 40)
        let restored = try session.waitForScreen(seconds: 10) { self.blockCount($0) >= 300 }
        XCTAssertGreaterThanOrEqual(blockCount(restored), 300, restored)

        try session.send("q")
        XCTAssertEqual(exitStatus(), "0")
        assertTerminalRestored()
    }

    func testTerminateRestoresTerminal() throws {
        let session = try TmuxSession(command: try launchScript())
        try session.waitForScreen(seconds: 30) { self.blockCount($0) >= 100 }
        let pane = try session.panePID()
        let child = try XCTUnwrap(childPID(of: pane), "no landscape process under \(pane)")
        kill(child, SIGTERM)
        XCTAssertEqual(exitStatus(), "143")
        assertTerminalRestored()
    }

    /// Starts the explorer under `environment` and returns the screen, with colour codes,
    /// once the coarse map is drawn; then quits.
    private func screenUnder(_ environment: String,
                             until ready: @escaping (String) -> Bool = { _ in true })
        throws -> String
    {
        let session = try TmuxSession(command: try launchScript(environment: environment))
        let screen = try session.waitForScreen(seconds: 30) {
            $0.contains("loss ") && !$0.contains("computing") && ready($0)
        }
        let coloured = try session.screenWithColours()
        try session.send("q")
        XCTAssertEqual(exitStatus(), "0", screen)
        assertTerminalRestored()
        return coloured
    }

    /// Returns whether `text` sets a foreground or background colour.
    private func hasColour(_ text: String) -> Bool {
        let pattern = "\u{1B}\\[[0-9;]*(3[0-7]|4[0-7]|38;5;|48;5;|38;2;|48;2;)"
        return text.range(of: pattern, options: .regularExpression) != nil
    }

    func testNoColorGivesBrailleDots() throws {
        func dots(_ screen: String) -> Int {
            let rows = screen.split(separator: "\n").dropFirst().dropLast()
            return rows.joined().unicodeScalars.filter { (0x2801...0x28FF).contains($0.value) }
                .count
        }
        let screen = try screenUnder("LANG=C.UTF-8 TERM=tmux-256color NO_COLOR=1") {
            dots($0) > 300
        }
        XCTAssertFalse(hasColour(screen), "colour despite NO_COLOR")
        XCTAssertGreaterThan(dots(screen), 300, "no braille dot density:\n\(screen)")
        XCTAssertFalse(screen.contains("\u{2580}"), "half blocks without colour")
    }

    func testNoColorWithoutUnicodeGivesShadeRamp() throws {
        func shades(_ screen: String) -> Int {
            let rows = screen.split(separator: "\n").dropFirst().dropLast()
            return rows.joined().filter { ".:-=+*#%@".contains($0) }.count
        }
        let screen = try screenUnder("LANG=C LC_ALL=C TERM=tmux-256color NO_COLOR=1") {
            shades($0) > 100
        }
        XCTAssertFalse(hasColour(screen), "colour despite NO_COLOR")
        XCTAssertGreaterThan(shades(screen), 100, "no shade ramp:\n\(screen)")
    }

    func testLinuxConsoleGetsAsciiOnly() throws {
        let screen = try screenUnder("LANG=C.UTF-8 TERM=linux")
        XCTAssertTrue(screen.utf8.allSatisfy { $0 < 128 }, "non-ASCII byte on TERM=linux")
        XCTAssertTrue(hasColour(screen), "TERM=linux has 8 colours")
    }

    func testScreenTermUsesEightColours() throws {
        let screen = try screenUnder("LANG=C.UTF-8 TERM=screen")
        XCTAssertTrue(hasColour(screen), "no colour on TERM=screen")
        XCTAssertNil(screen.range(of: "\u{1B}\\[[0-9;]*[34]8;5;", options: .regularExpression),
                     "256-colour codes on an 8-colour terminal")
    }
}
