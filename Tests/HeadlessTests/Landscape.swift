import Foundation
import XCTest

/// Runs the `landscape` binary of this build on the bundled sample model.
enum Landscape {
    /// The repository root, three levels above this file.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    static let model = root + "/sample-models/cnn-b128-wd0.safetensors"

    /// `LANDSCAPE_BIN`, or the `landscape` beside the test bundle (the same build folder,
    /// whatever `--scratch-path` was), or the default debug build.
    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["LANDSCAPE_BIN"] { return path }
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0])
            .deletingLastPathComponent().appendingPathComponent("landscape").path
        if FileManager.default.isExecutableFile(atPath: besideTests) { return besideTests }
        return root + "/.build/debug/landscape"
    }

    /// Skips the test when the sample model or the Fashion-MNIST test split is missing.
    static func requireSampleData() throws {
        let images = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"
        guard FileManager.default.fileExists(atPath: model),
              FileManager.default.fileExists(atPath: images)
        else { throw XCTSkip("needs \(model) and \(images)") }
    }

    /// Runs the binary to completion with `environment` added to this process's, and the
    /// on-disk store of points off unless `environment` sets `LANDSCAPE_CACHE_DIR`.
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

    /// Runs the binary and fails the test unless it exits with status 0.
    @discardableResult
    static func succeed(_ arguments: [String], environment: [String: String] = [:],
                        file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let result = try run(arguments, environment: environment)
        XCTAssertEqual(result.status, 0, "landscape \(arguments.joined(separator: " ")): "
                       + result.err, file: file, line: line)
        return result.err
    }
}

/// One CSV row of a surface file, as text, so comparisons are exact.
struct SurfaceRow: Equatable {
    var alpha: String
    var beta: String
    var loss: String
    var accuracy: String

    /// Reads a surface CSV file, checking its header.
    static func read(_ path: String) throws -> [SurfaceRow] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "alpha,beta,loss,accuracy")
        lines.removeFirst()
        return lines.map { line in
            let fields = line.split(separator: ",").map(String.init)
            return SurfaceRow(alpha: fields[0], beta: fields[1], loss: fields[2],
                              accuracy: fields[3])
        }
    }
}

/// A temporary folder removed when the test ends.
final class ScratchFolder {
    let path = NSTemporaryDirectory() + "landscape-headless-\(UUID().uuidString)"

    init() throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    func file(_ name: String) -> String { path + "/" + name }
}
