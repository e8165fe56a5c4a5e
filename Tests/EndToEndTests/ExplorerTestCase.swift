import Foundation
import XCTest

/// The base of tests that drive the real `landscape` binary in tmux: a scratch folder, a
/// launch script that records `stty -a` around the run, and readers of the screen.
class ExplorerTestCase: XCTestCase {
    /// The scratch folder of one test: the working directory of the run and its records.
    var folder = ""

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "landscape-e2e-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: Package.binary),
                      "no binary at \(Package.binary); run swift build first")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Writes a script that records `stty -a` around one run of the binary and its status.
    func launchScript(_ arguments: String = "",
                              environment: String = "LANG=C.UTF-8 TERM=tmux-256color")
        throws -> String
    {
        let script = """
            cd '\(folder)'
            export LANDSCAPE_SAMPLES='\(Package.root)/sample-models'
            unset NO_COLOR
            export LANDSCAPE_CACHE_DIR=off
            export \(environment)
            stty -a > '\(folder)/stty-before'
            '\(Package.binary)' \(arguments)
            echo $? > '\(folder)/status'
            stty -a > '\(folder)/stty-after'
            sleep 600
            """
        let path = folder + "/run.sh"
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        return "bash '\(path)'"
    }

    func statusLine(_ screen: String) -> String {
        screen.split(separator: "\n", omittingEmptySubsequences: false)
            .last { $0.contains("a=") }.map(String.init) ?? ""
    }

    func blockCount(_ screen: String) -> Int {
        screen.unicodeScalars.filter { $0 == "\u{2580}" || $0 == "\u{2584}" }.count
    }

    /// Returns the number after `label ` in `text`, if any.
    func number(after label: String, in text: String) -> Double? {
        guard let range = text.range(of: label + " ") else { return nil }
        let digits = text[range.upperBound...].prefix { "0123456789.-".contains($0) }
        return Double(digits)
    }

    /// Waits for the exit status file and returns its contents.
    func exitStatus(seconds: Double = 10) -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: folder + "/status", encoding: .utf8),
               text.hasSuffix("\n") {
                return text.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            usleep(50_000)
        }
        return nil
    }

    func assertTerminalRestored(file: StaticString = #filePath, line: UInt = #line) {
        usleep(300_000)
        let before = try? String(contentsOfFile: folder + "/stty-before", encoding: .utf8)
        let after = try? String(contentsOfFile: folder + "/stty-after", encoding: .utf8)
        XCTAssertNotNil(before, file: file, line: line)
        XCTAssertEqual(before, after, "stty -a differs after exit", file: file, line: line)
    }

    /// Returns the first child process of `pid`, read from /proc.
    func childPID(of pid: Int32) -> Int32? {
        let path = "/proc/\(pid)/task/\(pid)/children"
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: path, encoding: .utf8),
               let first = text.split(separator: " ").first, let child = Int32(first) {
                return child
            }
            usleep(50_000)
        }
        return nil
    }
}
