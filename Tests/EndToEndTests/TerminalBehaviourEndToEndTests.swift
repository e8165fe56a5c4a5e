import Foundation
import XCTest

/// Drives the explorer through what terminals do to it: resizes, a hang-up, the mouse,
/// ASCII-only locales and flags, and keys while cells compute.
final class TerminalBehaviourEndToEndTests: ExplorerTestCase {
    /// Returns whether a pane heading of `index` of 2 starts a row of `screen` at column 0.
    private func headingStartsRow(_ index: Int, _ screen: String) -> Bool {
        screen.split(separator: "\n").contains {
            $0.hasPrefix("> \(index)/2 ") || $0.hasPrefix("  \(index)/2 ")
        }
    }

    func testResizeDownAndBack() throws {
        let session = try TmuxSession(command: try launchScript())
        let wide = try session.waitForScreen(seconds: 30) { self.blockCount($0) >= 300 }
        XCTAssertGreaterThanOrEqual(blockCount(wide), 300, wide)
        XCTAssertFalse(headingStartsRow(2, wide), "side by side at 120x40:\n\(wide)")

        try session.resize(width: 60, height: 20)
        let stacked = try session.waitForScreen(seconds: 5) { self.headingStartsRow(2, $0) }
        XCTAssertTrue(headingStartsRow(1, stacked), stacked)
        XCTAssertTrue(headingStartsRow(2, stacked), "stacked at 60x20:\n\(stacked)")

        try session.resize(width: 30, height: 10)
        let tiny = try session.waitForScreen(seconds: 5) { $0.contains("need 40x12") }
        XCTAssertTrue(tiny.contains("need 40x12, have 30x10"), tiny)

        try session.send("Right")
        try session.resize(width: 120, height: 40)
        let back = try session.waitForScreen(seconds: 10) {
            self.blockCount($0) >= 300 && self.statusLine($0).contains("a=0.2500")
        }
        XCTAssertGreaterThanOrEqual(blockCount(back), 300, back)
        XCTAssertTrue(statusLine(back).contains("a=0.2500 b=0.0000"), statusLine(back))

        try session.send("q")
        XCTAssertEqual(exitStatus(), "0")
        assertTerminalRestored()
    }

    func testHangUpRestoresTerminal() throws {
        let session = try TmuxSession(command: try launchScript())
        try session.waitForScreen(seconds: 30) { self.blockCount($0) >= 100 }
        let pane = try session.panePID()
        let child = try XCTUnwrap(childPID(of: pane), "no landscape process under \(pane)")
        kill(child, SIGHUP)
        XCTAssertEqual(exitStatus(), "129")
        assertTerminalRestored()
    }

    /// Starts the explorer with `arguments` under `environment`, waits for the values at the
    /// cursor, and returns the screen with its colour codes after quitting.
    private func finishedScreen(_ arguments: String, environment: String) throws -> String {
        let session = try TmuxSession(command: try launchScript(arguments,
                                                                environment: environment))
        try session.waitForScreen(seconds: 30) {
            $0.contains("loss ") && !$0.contains("computing")
        }
        let screen = try session.screenWithColours()
        try session.send("q")
        XCTAssertEqual(exitStatus(), "0", screen)
        assertTerminalRestored()
        return screen
    }

    func testAsciiFlagWritesOnlyAscii() throws {
        let screen = try finishedScreen("--ascii",
                                        environment: "LANG=C.UTF-8 TERM=tmux-256color")
        XCTAssertTrue(screen.contains("cnn-b128-wd0"), screen)
        XCTAssertTrue(screen.utf8.allSatisfy { $0 < 128 }, "a byte above 127 with --ascii")
    }

    func testPosixLocaleWritesOnlyAscii() throws {
        let screen = try finishedScreen("", environment: "LANG=C LC_ALL=C TERM=tmux-256color")
        XCTAssertTrue(screen.contains("cnn-b128-wd0"), screen)
        XCTAssertTrue(screen.utf8.allSatisfy { $0 < 128 }, "a byte above 127 with LANG=C")
    }

    func testMonoFlagDrawsNoColour() throws {
        let screen = try finishedScreen("--mono", environment: "LANG=C.UTF-8 TERM=tmux-256color")
        let colour = "\u{1B}\\[[0-9;]*(3[0-7]|4[0-7]|38;5;|48;5;|38;2;|48;2;)"
        XCTAssertNil(screen.range(of: colour, options: .regularExpression), "colour with --mono")
    }

    /// Sends a press of the first mouse button at a cell in the X10 encoding that
    /// tmux-256color's terminfo entry names (`kmous=\E[M`).
    private func click(_ session: TmuxSession, column: Int, row: Int) throws {
        try sendMouse(session, button: 0, column: column, row: row)
    }

    /// Sends one X10 mouse report: button code 0 is a press of the first button, 64 a
    /// wheel turn up.
    private func sendMouse(_ session: TmuxSession, button: Int, column: Int, row: Int) throws {
        let codes: [Int] = [27, 91, 77, 32 + button, 33 + column, 33 + row]
        let bytes: [UInt8] = codes.map { UInt8($0) }
        try session.sendLiteral(String(decoding: bytes, as: UTF8.self))
    }

    func testClickMovesCursorAndWheelZooms() throws {
        let session = try TmuxSession(command: try launchScript())
        try session.waitForScreen(seconds: 30) { self.blockCount($0) >= 100 }
        // The left pane's plot starts at column 9 and row 2; its centre pixel is column 24.
        try click(session, column: 24 + 8, row: 2 + 18)
        let clicked = try session.waitForScreen(seconds: 5) {
            !self.statusLine($0).contains("a=0.0000")
        }
        let alpha = try XCTUnwrap(number(after: "a=", in: statusLine(clicked).replacingOccurrences(
            of: "a=", with: "a= ")), statusLine(clicked))
        XCTAssertGreaterThan(alpha, 0, statusLine(clicked))

        try sendMouse(session, button: 64, column: 30, row: 20)
        let zoomed = try session.waitForScreen(seconds: 5) { $0.contains("0.5") }
        XCTAssertTrue(zoomed.contains(" a "), zoomed)
        try session.send("q")
        XCTAssertEqual(exitStatus(), "0")
    }

    /// Measures how long a pan takes to show in the status line while cells compute, and
    /// prints it. The figure includes tmux's capture and this test's 5 ms polling.
    func testKeyLatencyWhileComputing() throws {
        let session = try TmuxSession(command: try launchScript("--samples 10000"))
        try session.waitForScreen(seconds: 30) { self.blockCount($0) >= 20 }
        var latencies: [Double] = []
        for step in 1...5 {
            let target = String(format: "a=%.4f", Double(step) * 0.25)
            let start = Date()
            try session.send("Right")
            let screen = try session.waitForScreenQuickly(seconds: 3) {
                self.statusLine($0).contains(target)
            }
            XCTAssertTrue(statusLine(screen).contains(target), statusLine(screen))
            XCTAssertGreaterThan(number(after: "pending", in: statusLine(screen)) ?? 0, 0)
            latencies.append(Date().timeIntervalSince(start) * 1000)
        }
        let sorted = latencies.sorted()
        print(String(format: "key to screen while computing: median %.0f ms, max %.0f ms",
                     sorted[sorted.count / 2], sorted.last ?? 0))
        try session.send("q")
        XCTAssertEqual(exitStatus(), "0")
    }

    func testReopenedViewComesFromTheStore() throws {
        let store = folder + "/store"
        let environment = "LANG=C.UTF-8 TERM=tmux-256color LANDSCAPE_CACHE_DIR=\(store)"
        let first = try TmuxSession(command: try launchScript("--samples 50",
                                                              environment: environment))
        let done = try first.waitForScreen(seconds: 120) {
            self.statusLine($0).contains("pending 0 ") && $0.contains("basin x2")
        }
        XCTAssertTrue(statusLine(done).contains("pending 0 "), statusLine(done))
        try first.send("q")
        XCTAssertEqual(exitStatus(), "0")
        let files = try FileManager.default.contentsOfDirectory(atPath: store)
        XCTAssertEqual(files.count, 2, "one store file per pane: \(files)")

        try FileManager.default.removeItem(atPath: folder + "/status")
        let second = try TmuxSession(command: try launchScript("--samples 50",
                                                               environment: environment))
        let reopened = try second.waitForScreen(seconds: 10) { self.blockCount($0) > 1000 }
        XCTAssertTrue(statusLine(reopened).contains("pending 0 "), statusLine(reopened))
        XCTAssertEqual(done.split(separator: "\n")[1], reopened.split(separator: "\n")[1])
        try second.send("q")
        XCTAssertEqual(exitStatus(), "0")
    }
}
