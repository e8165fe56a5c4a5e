import Foundation
import XCTest

/// A tmux server of its own running one command in a fixed-size window.
///
/// Each session uses a private socket (`tmux -L`), so tests never touch a user's tmux.
final class TmuxSession {
    let socket: String
    let name = "e2e"

    init(command: String, width: Int = 120, height: Int = 40) throws {
        socket = "landscape-e2e-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try tmux(["-f", "/dev/null", "new-session", "-d", "-s", name, "-x", "\(width)",
                  "-y", "\(height)", command])
    }

    deinit {
        _ = try? tmux(["kill-server"])
    }

    /// Sends tmux key names (`Right`, `q`, `+`), one argument each.
    func send(_ keys: String...) throws {
        try tmux(["send-keys", "-t", name] + keys)
    }

    /// Sends `text` as it is, escape sequences included (`send-keys -l`).
    func sendLiteral(_ text: String) throws {
        try tmux(["send-keys", "-t", name, "-l", text])
    }

    /// Returns the visible screen as text, one line per row.
    func screen() throws -> String {
        try tmux(["capture-pane", "-p", "-t", name])
    }

    /// Returns the screen with SGR colour sequences.
    func screenWithColours() throws -> String {
        try tmux(["capture-pane", "-p", "-e", "-t", name])
    }

    /// Returns the process id of the pane's command (the shell running the script).
    func panePID() throws -> Int32 {
        let text = try tmux(["display-message", "-p", "-t", name, "#{pane_pid}"])
        guard let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw NSError(domain: "tmux", code: 1, userInfo: [
                NSLocalizedDescriptionKey: "no pane pid in '\(text)'",
            ])
        }
        return pid
    }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
    }

    /// Polls the screen until `condition` is true or `seconds` pass, and returns the last screen.
    @discardableResult
    func waitForScreen(seconds: Double, _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = try screen()
        while !condition(last), Date() < deadline {
            usleep(50_000)
            last = try screen()
        }
        return last
    }

    /// Polls as `waitForScreen` does but every 5 ms, for measuring how soon a key shows.
    @discardableResult
    func waitForScreenQuickly(seconds: Double, _ condition: (String) -> Bool) throws
        -> String
    {
        let deadline = Date().addingTimeInterval(seconds)
        var last = try screen()
        while !condition(last), Date() < deadline {
            usleep(5_000)
            last = try screen()
        }
        return last
    }

    /// Runs one tmux command and returns its output.
    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        let result = try spawn(["tmux", "-L", socket] + arguments)
        guard result.status == 0 else {
            throw NSError(domain: "tmux", code: Int(result.status), userInfo: [
                NSLocalizedDescriptionKey: "tmux \(arguments.joined(separator: " ")) failed",
            ])
        }
        return result.output
    }
}

/// Runs a program from the PATH with stdin from /dev/null and stdout into a temporary file,
/// and waits for it with waitpid.
///
/// Foundation's `Process` is not used here: the tmux server that `new-session` forks keeps
/// the descriptors it inherited, and `Process` then waits for it as well, forever.
func spawn(_ arguments: [String]) throws -> (status: Int32, output: String) {
    let outputPath = NSTemporaryDirectory() + "spawn-\(UUID().uuidString)"
    defer { unlink(outputPath) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)

    let argv = arguments.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let started = posix_spawnp(&pid, arguments[0], &actions, nil, argv, environ)
    guard started == 0 else {
        throw NSError(domain: "spawn", code: Int(started), userInfo: [
            NSLocalizedDescriptionKey: "cannot start \(arguments[0]): error \(started)",
        ])
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1, errno == EINTR {}
    let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    let exited = status & 0x7f == 0
    return (exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), output)
}

/// Paths of the package under test.
enum Package {
    /// The repository root, three levels above this file.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// The binary to drive: `LANDSCAPE_BIN`, or the debug build of this checkout.
    static var binary: String {
        ProcessInfo.processInfo.environment["LANDSCAPE_BIN"] ?? root + "/.build/debug/landscape"
    }

    /// Runs the binary to completion and returns its exit status, stdout and stderr.
    ///
    /// Turns the on-disk store of computed points off unless `environment` sets
    /// `LANDSCAPE_CACHE_DIR`, so that no run reads values an earlier one left.
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws
        -> (status: Int32, out: String, err: String)
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: root)
        process.environment = ProcessInfo.processInfo.environment
            .merging(["LANDSCAPE_CACHE_DIR": "off"]) { $1 }
            .merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self),
                String(decoding: errData, as: UTF8.self))
    }
}
