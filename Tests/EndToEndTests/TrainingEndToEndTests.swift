import Foundation
import XCTest

/// `landscape train` on the Fashion-MNIST test split: checkpoints, Ctrl-C, divergence, errors.
final class TrainingEndToEndTests: XCTestCase {
    private var folder = ""

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "landscape-train-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    private func files(in path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }

    /// Checks that `landscape info` loads every file in `path`.
    private func assertLoadable(_ path: String, file: StaticString = #filePath,
                                line: UInt = #line) throws {
        for name in files(in: path) {
            let result = try Package.run(["info", path + "/" + name])
            XCTAssertEqual(result.status, 0, "\(name): \(result.err)", file: file, line: line)
        }
    }

    func testCheckpointsForEveryEpoch() throws {
        let checkpoints = folder + "/checkpoints"
        let result = try Package.run([
            "train", "--arch", "cnn", "--data", "fashion-mnist:test", "--epochs", "2",
            "--batch", "500", "--lr", "0.05", "--checkpoints", checkpoints,
            "--out", folder + "/final.safetensors",
        ])
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertEqual(files(in: checkpoints), [
            "epoch-000.safetensors", "epoch-001.safetensors", "epoch-002.safetensors",
        ])
        XCTAssertTrue(result.out.contains("epoch 2/2"), result.out)
        try assertLoadable(checkpoints)
        let final = try Data(contentsOf: URL(fileURLWithPath: folder + "/final.safetensors"))
        let last = try Data(contentsOf: URL(fileURLWithPath: checkpoints
                                                + "/epoch-002.safetensors"))
        XCTAssertEqual(final, last, "the final model is the last checkpoint")
    }

    func testInterruptKeepsCompleteCheckpoints() throws {
        let checkpoints = folder + "/checkpoints"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Package.binary)
        process.arguments = [
            "train", "--arch", "cnn", "--data", "fashion-mnist:test", "--epochs", "50",
            "--batch", "500", "--checkpoints", checkpoints, "--out", folder + "/final.safetensors",
        ]
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()

        let deadline = Date().addingTimeInterval(120)
        while !files(in: checkpoints).contains("epoch-001.safetensors"), Date() < deadline {
            usleep(100_000)
        }
        usleep(300_000)
        kill(process.processIdentifier, SIGINT)
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(),
                             as: UTF8.self)
        process.waitUntilExit()

        XCTAssertEqual(process.terminationStatus, 130, message)
        XCTAssertTrue(message.contains("interrupted"), message)
        XCTAssertTrue(files(in: checkpoints).contains("epoch-001.safetensors"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/final.safetensors"))
        XCTAssertTrue(files(in: checkpoints).allSatisfy { $0.hasSuffix(".safetensors") },
                      "leftover files: \(files(in: checkpoints))")
        try assertLoadable(checkpoints)
    }

    func testDivergingRunStops() throws {
        let checkpoints = folder + "/checkpoints"
        let result = try Package.run([
            "train", "--arch", "cnn", "--data", "fashion-mnist:test", "--epochs", "2",
            "--batch", "500", "--lr", "1e6", "--checkpoints", checkpoints,
            "--out", folder + "/final.safetensors",
        ])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.err.split(separator: "\n").count, 1, result.err)
        XCTAssertTrue(result.err.contains("diverged"), result.err)
        XCTAssertTrue(result.err.contains("epoch-000.safetensors"), result.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/final.safetensors"))
    }

    func testBadOptionsGiveOneLineErrors() throws {
        let architecture = folder + "/bad-arch.json"
        try """
            {"format": "landscape-model", "version": 1,
             "input": {"shape": [1, 28, 28], "mean": 0, "std": 1},
             "layers": [{"type": "flatten"},
                        {"type": "dense", "name": "fc", "in_features": 100,
                         "out_features": 10}]}
            """.write(toFile: architecture, atomically: true, encoding: .utf8)
        let unknown = folder + "/unknown-layer.json"
        try """
            {"format": "landscape-model", "version": 1,
             "input": {"shape": [1, 28, 28], "mean": 0, "std": 1},
             "layers": [{"type": "layernorm", "name": "ln"}]}
            """.write(toFile: unknown, atomically: true, encoding: .utf8)
        let out = ["--out", folder + "/x.safetensors"]
        let cases: [([String], String)] = [
            (["--arch", "cnn", "--batch", "0"], "--batch"),
            (["--arch", "cnn", "--lr", "-0.1"], "--lr"),
            (["--arch", unknown], "layernorm"),
            (["--arch", architecture], "in_features"),
            (["--arch", "cnn", "--data", folder + "/no-images,\(folder)/no-labels"], "no-images"),
        ]
        let missingFolder = ["--arch", "cnn", "--out", folder + "/missing/x.safetensors"]
        let result = try Package.run(["train"] + missingFolder)
        XCTAssertEqual(result.status, 1, result.err)
        XCTAssertTrue(result.err.contains("missing/x.safetensors"), result.err)
        for (arguments, word) in cases {
            let result = try Package.run(["train"] + arguments + out)
            XCTAssertEqual(result.status, 1, "\(arguments): \(result.err)")
            XCTAssertEqual(result.err.split(separator: "\n").count, 1, result.err)
            XCTAssertTrue(result.err.contains(word), "'\(word)' missing: \(result.err)")
        }
    }
}
