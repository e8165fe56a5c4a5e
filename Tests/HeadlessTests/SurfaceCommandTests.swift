import Formats
import Foundation
import XCTest

/// `landscape surface` and `line` on the sample model, checked against other commands.
final class SurfaceCommandTests: XCTestCase {
    private var scratch: ScratchFolder!

    override func setUpWithError() throws {
        try Landscape.requireSampleData()
        scratch = try ScratchFolder()
    }

    /// Runs `command` on the sample model with `arguments` into `name` and returns its rows.
    private func rows(_ command: String, _ arguments: [String], samples: Int = 100,
                      name: String = "out.csv") throws -> [SurfaceRow] {
        let out = scratch.file(name)
        try Landscape.succeed([command, Landscape.model, "--samples", "\(samples)",
                               "--out", out] + arguments)
        return try SurfaceRow.read(out)
    }

    func testZeroEndpointRowEqualsLine() throws {
        let surface = try rows("surface", ["--y", "0:1:11", "--x", "0:0.5:6"])
        XCTAssertEqual(surface.count, 66)
        let firstRow = Array(surface.prefix(6))
        for row in firstRow { XCTAssertEqual(row.beta, "0.0") }
        let line = try rows("line", ["--x", "0:0.5:6"], name: "line.csv")
        XCTAssertEqual(firstRow, line)
        XCTAssertEqual(surface[6].beta, "0.1")
        XCTAssertEqual(surface.last?.beta, "1.0")
    }

    func testCoordinatesHaveNoBinaryNoise() throws {
        let line = try rows("line", ["--x", "-1:1:21"], samples: 5)
        XCTAssertEqual(line.count, 21)
        for (index, row) in line.enumerated() {
            let expected = "\(Double(index - 10) / 10)"
            XCTAssertEqual(row.alpha, expected, "row \(index)")
        }
        let surface = try rows("surface", ["--x", "0:0:1", "--y", "-0.3:0.3:7"], samples: 5,
                               name: "column.csv")
        XCTAssertEqual(surface.map(\.beta), ["-0.3", "-0.2", "-0.1", "0.0", "0.1", "0.2", "0.3"])
    }

    func testNonSquareGridIsNotTransposed() throws {
        let surface = try rows("surface", ["--x", "-1:1:21", "--y", "-0.5:0.5:11"], samples: 20)
        XCTAssertEqual(surface.count, 21 * 11)
        XCTAssertEqual(Set(surface.map(\.alpha)).count, 21)
        XCTAssertEqual(Set(surface.map(\.beta)).count, 11)

        // Row 3 (β = -0.2) and column 17 (α = 0.7): the point (0.7, -0.2).
        let stored = surface[3 * 21 + 17]
        XCTAssertEqual(Double(stored.alpha)!, 0.7, accuracy: 1e-12)
        XCTAssertEqual(Double(stored.beta)!, -0.2, accuracy: 1e-12)
        let single = try rows("surface", ["--x", "\(stored.alpha):0:1",
                                          "--y", "\(stored.beta):0:1"],
                              samples: 20, name: "single.csv")
        XCTAssertEqual(single, [stored])
        let swapped = try rows("surface", ["--x", "\(stored.beta):0:1",
                                           "--y", "\(stored.alpha):0:1"],
                               samples: 20, name: "swapped.csv")
        XCTAssertNotEqual(swapped[0].loss, stored.loss)
    }

    func testOriginEqualsInfoLoss() throws {
        let surface = try rows("surface", ["--x", "-1:1:3", "--y", "-1:1:3"], samples: 300)
        let origin = surface[4]
        XCTAssertEqual(origin.alpha, "0.0")
        XCTAssertEqual(origin.beta, "0.0")
        let info = try Landscape.run(["info", Landscape.model, "--data", "fashion-mnist:test",
                                      "--samples", "300"])
        XCTAssertEqual(info.status, 0, info.err)
        let loss = String(format: "%.6f", Double(origin.loss)!)
        let accuracy = String(format: "%.2f", Double(origin.accuracy)! * 100)
        XCTAssertTrue(info.out.contains("loss \(loss) accuracy \(accuracy)%"),
                      "expected loss \(loss), accuracy \(accuracy)% in:\n\(info.out)")
    }

    func testOneWorkerRunsAreByteIdentical() throws {
        var outputs: [Data] = []
        for (index, workers) in [1, 1, 2].enumerated() {
            let out = scratch.file("run\(index).safetensors")
            try Landscape.succeed(["surface", Landscape.model, "--x", "-1:1:4", "--y", "0:1:3",
                                   "--samples", "50", "--workers", "\(workers)", "--out", out])
            outputs.append(try Data(contentsOf: URL(fileURLWithPath: out)))
        }
        XCTAssertEqual(outputs[0], outputs[1], "two one-worker runs")
        XCTAssertEqual(outputs[0], outputs[2], "one worker against two")
    }

    func testFormatsAgree() throws {
        let arguments = ["--x", "-1:1:3", "--y", "0:1:2", "--seed", "4"]
        let csv = try rows("surface", arguments, samples: 30)
        try Landscape.succeed(["surface", Landscape.model, "--samples", "30",
                               "--out", scratch.file("out.safetensors")] + arguments)
        let (tensors, metadata) = try Safetensors.read(path: scratch.file("out.safetensors"))
        XCTAssertEqual(tensors.names, ["alpha", "beta", "loss", "accuracy"])
        XCTAssertEqual(tensors["alpha"]?.data, [-1, 0, 1])
        XCTAssertEqual(tensors["beta"]?.data, [0, 1])
        XCTAssertEqual(tensors["loss"]?.shape, [2, 3])
        XCTAssertEqual(tensors["loss"]?.data.map { "\($0)" }, csv.map(\.loss))
        XCTAssertEqual(tensors["accuracy"]?.data.map { "\($0)" }, csv.map(\.accuracy))
        XCTAssertEqual(metadata["seed"], "4")
        XCTAssertEqual(metadata["norm"], "filter")
        XCTAssertEqual(metadata["ignore"], "biasbn")
        XCTAssertEqual(metadata["samples"], "30")
        XCTAssertEqual(metadata["model"], Landscape.model)

        try Landscape.succeed(["surface", Landscape.model, "--samples", "30",
                               "--out", scratch.file("out.npy")] + arguments)
        let npy = try Data(contentsOf: URL(fileURLWithPath: scratch.file("out.npy")))
        let header = String(decoding: npy[10..<Int(npy[8]) + 10], as: UTF8.self)
        XCTAssertTrue(header.contains("'descr': '<f4'"), header)
        XCTAssertTrue(header.contains("'shape': (2, 3, 4)"), header)
        let values = npy.dropFirst(10 + Int(npy[8])).withUnsafeBytes {
            Array($0.bindMemory(to: Float.self))
        }
        XCTAssertEqual(values.count, 24)
        XCTAssertEqual(values[4 * 5 ..< 4 * 6], [1, 1, Float(csv[5].loss)!,
                                                  Float(csv[5].accuracy)!])
    }

    func testUnnormalizedFarOutIsNotFinite() throws {
        let line = try rows("line", ["--norm", "none", "--ignore", "none",
                                     "--x", "-1e12:1e12:5"], samples: 20)
        XCTAssertEqual(line.count, 5)
        XCTAssertEqual(line[0].loss, "nan")
        XCTAssertEqual(line[4].loss, "nan")
        XCTAssertNotNil(Float(line[2].loss).flatMap { $0.isFinite ? $0 : nil }, line[2].loss)

        try Landscape.succeed(["line", Landscape.model, "--samples", "20", "--norm", "none",
                               "--ignore", "none", "--x", "-1e12:1e12:5",
                               "--out", scratch.file("far.safetensors")])
        let (tensors, _) = try Safetensors.read(path: scratch.file("far.safetensors"))
        XCTAssertTrue(tensors["loss"]!.data[0].isNaN)
        XCTAssertTrue(tensors["loss"]!.data[2].isFinite)
    }

    func testNormAndIgnoreChangeValues() throws {
        let plain = try rows("line", ["--x", "0.5:1:2"], samples: 20)
        for arguments in [["--norm", "layer"], ["--norm", "weight"], ["--ignore", "none"]] {
            let other = try rows("line", ["--x", "0.5:1:2"] + arguments, samples: 20,
                                 name: "other.csv")
            XCTAssertNotEqual(other[0].loss, plain[0].loss, "\(arguments)")
        }
    }

    func testBadOptionsGiveOneLineErrors() throws {
        let table: [([String], String)] = [
            (["--norm", "unit"], "invalid --norm 'unit': expected filter, layer, weight or none"),
            (["--ignore", "bias"], "invalid --ignore 'bias': expected biasbn or none"),
            (["--out", "a.txt"],
             "invalid --out 'a.txt': expected a name ending in .csv, .npy or .safetensors"),
            (["--workers", "0"], "invalid --workers '0': expected an integer of at least 1"),
        ]
        for (arguments, message) in table {
            var full = ["surface", Landscape.model, "--out", scratch.file("never.csv")]
            full += arguments
            let result = try Landscape.run(full)
            XCTAssertEqual(result.err, "landscape: \(message) (see 'landscape surface --help')\n")
            XCTAssertEqual(result.status, 1, "\(arguments)")
        }
    }
}
