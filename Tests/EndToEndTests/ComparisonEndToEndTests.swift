import Foundation
import XCTest

/// Drives the default comparison, `landscape` with no arguments: the batch-128 and
/// batch-4096 CNNs side by side on one colour scale.
final class ComparisonEndToEndTests: ExplorerTestCase {
    /// Returns the pane headings: the second row's text split where each pane starts.
    private func headings(_ screen: String) -> [String] {
        let rows = screen.split(separator: "\n", omittingEmptySubsequences: false)
        guard rows.count > 1 else { return [] }
        let row = String(rows[1])
        guard let second = row.range(of: "2/2 ") else { return [row] }
        return [String(row[..<second.lowerBound]), String(row[second.lowerBound...])]
    }

    /// Returns the top labels of the colour bars: the numbers after each bar's two blocks on the
    /// first plot row.
    private func colourBarTops(_ screen: String) -> [String] {
        let rows = screen.split(separator: "\n", omittingEmptySubsequences: false)
        guard rows.count > 2 else { return [] }
        return rows[2].components(separatedBy: "\u{2580}\u{2580} ").dropFirst().map {
            String($0.prefix { !$0.isWhitespace })
        }
    }

    /// Counts the half-block pixels in the left and the right half of the plot rows.
    private func blocksPerHalf(_ screen: String) -> (left: Int, right: Int) {
        let rows = screen.split(separator: "\n").dropFirst(2).dropLast(2)
        var left = 0, right = 0
        for row in rows {
            for (column, scalar) in row.unicodeScalars.enumerated()
                where scalar == "\u{2580}" || scalar == "\u{2584}" {
                if column < 60 { left += 1 } else { right += 1 }
            }
        }
        return (left, right)
    }

    func testDefaultViewComparesBatchSizes() throws {
        let session = try TmuxSession(command: try launchScript())
        let filled = try session.waitForScreen(seconds: 60) {
            let blocks = self.blocksPerHalf($0)
            return min(blocks.left, blocks.right) >= 600 && !$0.contains("computing")
        }
        let blocks = blocksPerHalf(filled)
        XCTAssertGreaterThanOrEqual(min(blocks.left, blocks.right), 600,
                                    "both panes should fill:\n\(filled)")
        let first = headings(filled)
        XCTAssertEqual(first.count, 2, filled)
        XCTAssertTrue(first[0].contains("cnn-b128-wd0"), first[0])
        XCTAssertTrue(first[1].contains("cnn-b4096-wd0"), first[1])
        let lossB128 = try XCTUnwrap(number(after: "loss", in: first[0]))
        let lossB4096 = try XCTUnwrap(number(after: "loss", in: first[1]))
        XCTAssertNotEqual(lossB128, lossB4096)
        let bars = colourBarTops(filled)
        XCTAssertEqual(bars.count, 2, filled)
        XCTAssertEqual(bars.first, bars.last, "the panes should share one colour scale")

        let measured = try session.waitForScreen(seconds: 90) {
            self.headings($0).filter { $0.contains("basin x2 ") }.count == 2
        }
        for heading in headings(measured) {
            let width = try XCTUnwrap(number(after: "basin x2", in: heading), heading)
            XCTAssertGreaterThan(width, 0, heading)
            XCTAssertLessThan(width, 2, heading)
        }

        try session.send("w")
        let decayed = try session.waitForScreen(seconds: 10) {
            let headings = self.headings($0)
            return headings.count == 2 && headings[1].contains("wd5e-4")
                && self.number(after: "loss", in: headings[1]) != nil
        }
        let second = headings(decayed)
        XCTAssertTrue(second[0].contains("cnn-b128-wd5e-4"), second[0])
        XCTAssertTrue(second[1].contains("cnn-b4096-wd5e-4"), second[1])
        XCTAssertTrue(decayed.hasPrefix("landscape"), decayed)
        XCTAssertTrue(decayed.contains("weight decay 5e-4"), decayed)
        XCTAssertNotEqual(number(after: "loss", in: second[0]), lossB128)

        try session.send("n")
        let layer = try session.waitForScreen(seconds: 10) {
            $0.contains("layer-normalized") && self.colourBarTops($0).count == 2
                && self.blocksPerHalf($0).right >= 300
        }
        let layerBars = colourBarTops(layer)
        XCTAssertEqual(layerBars.first, layerBars.last, layer)

        try session.send("s")
        // Both rows, since a capture may fall between the heading's and the status line's
        // update of one frame.
        let own = try session.waitForScreen(seconds: 5) {
            $0.contains("[own scale]") && self.statusLine($0).contains("own scales")
        }
        XCTAssertTrue(own.contains("own scales"), statusLine(own))

        try session.send("q")
        XCTAssertEqual(exitStatus(), "0")
        assertTerminalRestored()
    }
}

/// Drives `landscape explore --trajectory` on the bundled checkpoints of one run.
final class TrajectoryEndToEndTests: ExplorerTestCase {
    func testTrajectoryOverlayAndCheckpointReadout() throws {
        let folder = Package.root + "/sample-models/cnn-b128-wd0-checkpoints"
        let session = try TmuxSession(command: try launchScript(
            "--trajectory '\(folder)' --samples 100"))
        let screen = try session.waitForScreen(seconds: 60) {
            $0.contains("pc1 85.3%") && self.statusLine($0).contains("own loss")
                && !self.statusLine($0).contains("computing")
        }
        XCTAssertTrue(screen.contains("pc1 85.3%, pc2 10.4%"), screen)
        XCTAssertTrue(screen.contains("epoch-000"), "no label on the first checkpoint")
        let status = statusLine(screen)
        XCTAssertTrue(status.contains("epoch-020: own loss"), status)
        let own = try XCTUnwrap(number(after: "own loss", in: status), status)
        let map = try XCTUnwrap(number(after: "map", in: status), status)
        XCTAssertEqual(own, map, accuracy: 1e-9, "the final model sits at the origin")
        try session.send("q")
        XCTAssertEqual(exitStatus(), "0")
        assertTerminalRestored()
    }
}

/// Drives the non-convexity map, whose points take seconds each.
final class NonConvexityEndToEndTests: ExplorerTestCase {
    func testKeysAnsweredWhileEigenvaluesCompute() throws {
        let model = Package.root + "/sample-models/cnn-b128-wd0.safetensors"
        let session = try TmuxSession(command: try launchScript("'\(model)' --samples 100"))
        try session.waitForScreen(seconds: 30) { self.blockCount($0) >= 100 }
        try session.send("v", "v")
        let first = try session.waitForScreen(seconds: 120) {
            self.statusLine($0).contains(" ratio ")
        }
        let status = statusLine(first)
        XCTAssertTrue(status.contains("min/max eigenvalue"), status)
        let ratio = try XCTUnwrap(number(after: "ratio", in: status), status)
        XCTAssertGreaterThanOrEqual(ratio, 0, status)
        XCTAssertGreaterThan(number(after: "pending", in: status) ?? 0, 0, status)

        try session.send("Right")
        let panned = try session.waitForScreen(seconds: 3) {
            self.statusLine($0).contains("a=0.2500")
        }
        XCTAssertTrue(statusLine(panned).contains("a=0.2500"), statusLine(panned))
        XCTAssertTrue(statusLine(panned).contains("eigenvalue"), statusLine(panned))
        try session.send("q")
        XCTAssertEqual(exitStatus(), "0")
        assertTerminalRestored()
    }
}
