import Formats
import Foundation
import XCTest

/// `landscape interpolate` on the sample CNNs and on two small BatchNorm models it trains.
final class InterpolateCommandTests: XCTestCase {
    private var scratch: ScratchFolder!

    override func setUpWithError() throws {
        try Landscape.requireSampleData()
        scratch = try ScratchFolder()
    }

    private func sample(_ name: String) -> String {
        Landscape.root + "/sample-models/" + name + ".safetensors"
    }

    /// Runs `interpolate` and returns the CSV rows as fields, header checked and removed.
    private func interpolate(_ first: String, _ second: String, _ arguments: [String])
        throws -> [[String]] {
        let out = scratch.file("curve-\(UUID().uuidString).csv")
        try Landscape.succeed(["interpolate", first, second, "--out", out] + arguments)
        let lines = try String(contentsOfFile: out, encoding: .utf8)
            .split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first,
                       "t,train_loss,train_accuracy,test_loss,test_accuracy,negative_variances")
        return lines.dropFirst().map { $0.split(separator: ",").map(String.init) }
    }

    /// Checks that the loss and accuracy fields at `offset` print as `landscape info` prints
    /// `model` on `data`.
    private func assertInfo(_ row: [String], offset: Int, model: String, data: String,
                            samples: Int, file: StaticString = #filePath, line: UInt = #line)
        throws {
        let info = try Landscape.run(["info", model, "--data", data,
                                      "--samples", "\(samples)"])
        XCTAssertEqual(info.status, 0, info.err, file: file, line: line)
        let loss = String(format: "%.6f", Double(row[offset])!)
        let accuracy = String(format: "%.2f", Double(row[offset + 1])! * 100)
        let expected = "loss \(loss) accuracy \(accuracy)%"
        XCTAssertTrue(info.out.contains(expected), "expected '\(expected)' in:\n\(info.out)",
                      file: file, line: line)
    }

    func testCNNEndsMatchInfo() throws {
        let first = sample("cnn-b128-wd0"), second = sample("cnn-b4096-wd0")
        let rows = try interpolate(first, second, ["--t", "0:1:2", "--samples", "300"])
        XCTAssertEqual(rows.map { $0[0] }, ["0.0", "1.0"])
        for (row, model) in zip(rows, [first, second]) {
            try assertInfo(row, offset: 1, model: model, data: "fashion-mnist:train",
                           samples: 300)
            try assertInfo(row, offset: 3, model: model, data: "fashion-mnist:test",
                           samples: 300)
            XCTAssertEqual(row[5], "0")
        }
    }

    func testDefaultGridContainsExactEnds() throws {
        let rows = try interpolate(sample("cnn-b128-wd0"), sample("cnn-b4096-wd0"),
                                   ["--samples", "10", "--train", "fashion-mnist:test"])
        XCTAssertEqual(rows.count, 401)
        XCTAssertEqual(rows.first?[0], "-0.5")
        XCTAssertEqual(rows[100][0], "0.0")
        XCTAssertEqual(rows[300][0], "1.0")
        XCTAssertEqual(rows.last?[0], "1.5")
    }

    // MARK: BatchNorm models

    /// Writes the first `count` samples of the Fashion-MNIST test split as uncompressed IDX
    /// files and returns their `IMAGES,LABELS` spec.
    private func writeSubset(count: Int) throws -> String {
        let folder = "/usr/share/datasets/fashion-mnist/"
        let images = try IDX.read(path: folder + "t10k-images-idx3-ubyte.gz")
        let labels = try IDX.read(path: folder + "t10k-labels-idx1-ubyte.gz")
        let imagePath = scratch.file("images.idx"), labelPath = scratch.file("labels.idx")
        try idx(type: 3, shape: [count, 28, 28], bytes: images.bytes.prefix(count * 784))
            .write(to: URL(fileURLWithPath: imagePath))
        try idx(type: 1, shape: [count], bytes: labels.bytes.prefix(count))
            .write(to: URL(fileURLWithPath: labelPath))
        return imagePath + "," + labelPath + ",10"
    }

    /// Returns an IDX file of unsigned bytes: magic, big-endian extents, values.
    private func idx(type: UInt8, shape: [Int], bytes: ArraySlice<UInt8>) -> Data {
        var data = Data([0, 0, 8, type])
        for extent in shape {
            data.append(contentsOf: withUnsafeBytes(of: UInt32(extent).bigEndian, Array.init))
        }
        data.append(contentsOf: bytes)
        return data
    }

    /// Trains a small conv net with BatchNorm on `data` for one epoch with `seed`.
    private func trainBatchNormModel(seed: Int, data: String) throws -> String {
        let architecture = scratch.file("bn.json")
        try """
            {"format": "landscape-model", "version": 1,
             "input": {"shape": [1, 28, 28], "mean": 0.286, "std": 0.353},
             "layers": [
               {"type": "conv2d", "name": "conv", "in_channels": 1, "out_channels": 4,
                "kernel": 3, "stride": 2, "padding": 1},
               {"type": "batchnorm", "name": "bn", "channels": 4},
               {"type": "relu"},
               {"type": "maxpool", "kernel": 2, "stride": 2},
               {"type": "flatten"},
               {"type": "dense", "name": "fc", "in_features": 196, "out_features": 10}]}
            """.write(toFile: architecture, atomically: true, encoding: .utf8)
        let out = scratch.file("bn-\(seed).safetensors")
        try Landscape.succeed(["train", "--arch", architecture, "--data", data, "--epochs", "1",
                               "--batch", "50", "--lr", "0.05", "--seed", "\(seed)",
                               "--out", out])
        return out
    }

    func testBatchNormEndsMatchInfo() throws {
        let training = try writeSubset(count: 400)
        let first = try trainBatchNormModel(seed: 1, data: training)
        let second = try trainBatchNormModel(seed: 2, data: training)
        let rows = try interpolate(first, second, ["--t", "0:1:3", "--samples", "200",
                                                   "--train", training])
        XCTAssertEqual(rows.map { $0[0] }, ["0.0", "0.5", "1.0"])
        for (row, model) in zip([rows[0], rows[2]], [first, second]) {
            try assertInfo(row, offset: 1, model: model, data: training, samples: 200)
            try assertInfo(row, offset: 3, model: model, data: "fashion-mnist:test",
                           samples: 200)
        }

        // Far outside [0, 1] some interpolated running variance is negative.
        let out = scratch.file("far.csv")
        let far = try Landscape.run(["interpolate", first, second, "--out", out,
                                     "--t", "-100:100:3", "--samples", "20",
                                     "--train", training])
        XCTAssertEqual(far.status, 0, far.err)
        XCTAssertTrue(far.err.contains("have a negative BatchNorm running variance"), far.err)
        let text = try String(contentsOfFile: out, encoding: .utf8)
        XCTAssertTrue(text.contains(",nan,nan,nan,nan,"), text)
        XCTAssertTrue(text.contains("\n0.0,"), text)
    }

    func testBadInputMessages() throws {
        let skip = sample("resnet-narrow"), noSkip = sample("resnet-narrow-noskip")
        let out = scratch.file("x.csv")
        let cases: [([String], String)] = [
            ([skip, noSkip, "--out", out],
             "\(skip) and \(noSkip) do not share one architecture: tensor 36 is "
                + "layer2.0.shortcut.weight [16, 8, 1, 1] in the first model but "
                + "layer2.1.conv1.weight [16, 16, 3, 3] in the second"),
            ([skip, "--out", out],
             "expected two models A and B; usage: landscape interpolate A B --out FILE.csv "
                + "(see 'landscape interpolate --help')"),
            ([skip, skip, "--out", scratch.file("x.npy")],
             "invalid --out '\(scratch.file("x.npy"))': expected a name ending in .csv "
                + "(see 'landscape interpolate --help')"),
            ([skip, skip, "--out", out, "--t", "1:0:5"],
             "invalid --t '1:0:5': expected MIN:MAX:NUM with MIN < MAX when NUM > 1, such as "
                + "-1:1:51 (see 'landscape interpolate --help')"),
        ]
        for (arguments, message) in cases {
            let result = try Landscape.run(["interpolate"] + arguments)
            XCTAssertEqual(result.status, 1, arguments.joined(separator: " "))
            XCTAssertEqual(result.err, "landscape: \(message)\n")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }

    func testHelpPrintsUsage() throws {
        let result = try Landscape.run(["interpolate", "--help"])
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.out.hasPrefix("usage: landscape interpolate A B "), result.out)
        let top = try Landscape.run(["--help"])
        XCTAssertTrue(top.out.contains("  landscape interpolate A B "), top.out)
    }
}
