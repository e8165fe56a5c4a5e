import Numerics
import XCTest

@testable import Formats

/// The architecture JSON of BatchNorm, average pooling and residual blocks, its error
/// messages, and model files that carry BatchNorm running statistics.
final class ResidualArchitectureTests: XCTestCase {
    private var folder: TemporaryFolder!

    override func setUpWithError() throws {
        folder = try TemporaryFolder()
    }

    override func tearDown() {
        folder.remove()
    }

    /// conv 4 on 1x6x6, BatchNorm, ReLU, an identity block, a projection block with stride 2
    /// to 8 channels, 3x3 average pool, global average pool, dense 8→10.
    private let architectureJSON = """
        {"format": "landscape-model", "version": 1,
         "input": {"shape": [1, 6, 6], "mean": 0.5, "std": 0.25},
         "layers": [
          {"type": "conv2d", "name": "conv1", "in_channels": 1, "out_channels": 4, "kernel": 3,
           "padding": 1},
          {"type": "batchnorm", "name": "bn1", "channels": 4},
          {"type": "relu"},
          {"type": "residual", "name": "layer1", "shortcut": "identity", "body": [
            {"type": "conv2d", "name": "conv1", "in_channels": 4, "out_channels": 4,
             "kernel": 3, "padding": 1},
            {"type": "batchnorm", "name": "bn1", "channels": 4}]},
          {"type": "residual", "name": "layer2", "shortcut": "projection",
           "shortcut_stride": 2, "body": [
            {"type": "conv2d", "name": "conv1", "in_channels": 4, "out_channels": 8,
             "kernel": 3, "stride": 2, "padding": 1},
            {"type": "batchnorm", "name": "bn1", "channels": 8}]},
          {"type": "avgpool", "kernel": 3},
          {"type": "globalavgpool"},
          {"type": "dense", "name": "fc", "in_features": 8, "out_features": 10}]}
        """

    private let expectedArchitecture = Architecture(
        inputShape: [1, 6, 6], inputMean: 0.5, inputStd: 0.25,
        layers: [
            .conv2d(name: "conv1", inChannels: 1, outChannels: 4, kernel: 3, stride: 1,
                    padding: 1),
            .batchNorm(name: "bn1", channels: 4),
            .relu,
            .residual(name: "layer1", body: [
                .conv2d(name: "conv1", inChannels: 4, outChannels: 4, kernel: 3, stride: 1,
                        padding: 1),
                .batchNorm(name: "bn1", channels: 4),
            ], shortcut: .identity),
            .residual(name: "layer2", body: [
                .conv2d(name: "conv1", inChannels: 4, outChannels: 8, kernel: 3, stride: 2,
                        padding: 1),
                .batchNorm(name: "bn1", channels: 8),
            ], shortcut: .projection(stride: 2, batchNorm: true)),
            .avgPool(kernel: 3, stride: 3),
            .globalAvgPool,
            .dense(name: "fc", inputs: 8, outputs: 10),
        ])

    func testDecodesResidualNetwork() throws {
        let architecture = try ArchitectureJSON.decode(architectureJSON, path: "doc")

        XCTAssertEqual(architecture, expectedArchitecture)
        XCTAssertEqual(architecture.parameterShapes.map(\.0), [
            "conv1.weight", "conv1.bias", "bn1.weight", "bn1.bias",
            "layer1.conv1.weight", "layer1.conv1.bias", "layer1.bn1.weight", "layer1.bn1.bias",
            "layer2.conv1.weight", "layer2.conv1.bias", "layer2.bn1.weight", "layer2.bn1.bias",
            "layer2.shortcut.weight", "layer2.shortcut.bn.weight", "layer2.shortcut.bn.bias",
            "fc.weight", "fc.bias",
        ])
        XCTAssertEqual(architecture.parameterShapes[12].1, [8, 4, 1, 1])
        XCTAssertEqual(architecture.bufferShapes.map(\.0), [
            "bn1.running_mean", "bn1.running_var", "layer1.bn1.running_mean",
            "layer1.bn1.running_var", "layer2.bn1.running_mean", "layer2.bn1.running_var",
            "layer2.shortcut.bn.running_mean", "layer2.shortcut.bn.running_var",
        ])
    }

    /// The two-block network that docs/model-format.md uses as its residual example.
    func testDocumentedResidualExample() throws {
        let text = """
            {"format": "landscape-model", "version": 1,
             "input": {"shape": [1, 28, 28], "mean": 0.2860, "std": 0.3530},
             "layers": [
               {"type": "conv2d", "name": "conv1", "in_channels": 1, "out_channels": 16,
                "kernel": 3, "padding": 1},
               {"type": "batchnorm", "name": "bn1", "channels": 16},
               {"type": "relu"},
               {"type": "residual", "name": "layer1.0", "shortcut": "identity", "body": [
                 {"type": "conv2d", "name": "conv1", "in_channels": 16, "out_channels": 16,
                  "kernel": 3, "padding": 1},
                 {"type": "batchnorm", "name": "bn1", "channels": 16},
                 {"type": "relu"},
                 {"type": "conv2d", "name": "conv2", "in_channels": 16, "out_channels": 16,
                  "kernel": 3, "padding": 1},
                 {"type": "batchnorm", "name": "bn2", "channels": 16}]},
               {"type": "residual", "name": "layer2.0", "shortcut": "projection",
                "shortcut_stride": 2, "body": [
                 {"type": "conv2d", "name": "conv1", "in_channels": 16, "out_channels": 32,
                  "kernel": 3, "stride": 2, "padding": 1},
                 {"type": "batchnorm", "name": "bn1", "channels": 32},
                 {"type": "relu"},
                 {"type": "conv2d", "name": "conv2", "in_channels": 32, "out_channels": 32,
                  "kernel": 3, "padding": 1},
                 {"type": "batchnorm", "name": "bn2", "channels": 32}]},
               {"type": "globalavgpool"},
               {"type": "dense", "name": "fc", "in_features": 32, "out_features": 10}]}
            """

        let architecture = try ArchitectureJSON.decode(text, path: "doc")

        let names = architecture.parameterShapes.map(\.0)
        XCTAssertEqual(Array(names.prefix(6)), ["conv1.weight", "conv1.bias", "bn1.weight",
                                               "bn1.bias", "layer1.0.conv1.weight",
                                               "layer1.0.conv1.bias"])
        XCTAssertEqual(Array(names.suffix(5)), ["layer2.0.shortcut.weight",
                                               "layer2.0.shortcut.bn.weight",
                                               "layer2.0.shortcut.bn.bias", "fc.weight",
                                               "fc.bias"])
        XCTAssertEqual(architecture.parameterShapes[names.count - 5].1, [32, 16, 1, 1])
        let buffers = architecture.bufferShapes.map(\.0)
        XCTAssertEqual(Array(buffers.prefix(3)), ["bn1.running_mean", "bn1.running_var",
                                                 "layer1.0.bn1.running_mean"])
        XCTAssertEqual(buffers.last, "layer2.0.shortcut.bn.running_var")
    }

    func testEncodeRoundTrip() throws {
        var architecture = expectedArchitecture
        architecture.layers[4] = .residual(name: "layer2", body: [
            .conv2d(name: "conv1", inChannels: 4, outChannels: 8, kernel: 3, stride: 2,
                    padding: 1),
        ], shortcut: .projection(stride: 2, batchNorm: false))
        architecture.layers[3] = .residual(name: "layer1", body: [.relu], shortcut: .none)
        architecture.layers[5] = .avgPool(kernel: 2, stride: 1)

        let text = ArchitectureJSON.encode(architecture)

        XCTAssertEqual(try ArchitectureJSON.decode(text, path: "encoded"), architecture)
        XCTAssertEqual(try ArchitectureJSON.decode(ArchitectureJSON.encode(expectedArchitecture),
                                                   path: "encoded"), expectedArchitecture)
        XCTAssertTrue(text.contains(#""shortcut":"projection","shortcut_stride":2,"#
                                    + #""shortcut_batchnorm":false"#), text)
        XCTAssertTrue(text.contains(#""shortcut":"none""#), text)
    }

    /// Returns the model with every tensor set to a distinct value.
    private func model() -> Model {
        var counter: Float = 0
        let tensors = { (shapes: [(String, [Int])]) in
            Parameters(shapes.map { name, shape in
                let count = shape.reduce(1, *)
                counter += 1
                return (name, Tensor(shape: shape, data: (0..<count).map {
                    counter + Float($0) / 100
                }))
            })
        }
        return Model(architecture: expectedArchitecture,
                     parameters: tensors(expectedArchitecture.parameterShapes),
                     buffers: tensors(expectedArchitecture.bufferShapes))
    }

    func testModelFileRoundTrip() throws {
        let path = "\(folder.path)/resnet.safetensors"
        let model = model()

        try ModelFile.write(model, to: path)
        let read = try ModelFile.read(path: path)

        XCTAssertEqual(read, model)
        XCTAssertEqual(read.buffers.names, expectedArchitecture.bufferShapes.map(\.0))
        XCTAssertNil(read.parameters["bn1.running_mean"])
        let header = try Safetensors.readHeader(path: path)
        XCTAssertTrue(header.entries.contains { $0.name == "layer2.shortcut.bn.running_var" })
    }

    func testReadRejectsMissingRunningStatistic() throws {
        let path = "\(folder.path)/model.safetensors"
        var model = model()
        let tensors = model.parameters
        model.buffers["layer2.bn1.running_var"] = nil
        // Write through the safetensors layer, since ModelFile.write checks the buffers too.
        var all = tensors
        for name in model.buffers.names { all[name] = model.buffers[name] }
        try Safetensors.write(all, metadata: ["architecture": architectureJSON], to: path)

        XCTAssertThrowsError(try ModelFile.read(path: path)) { error in
            XCTAssertEqual((error as? FormatError)?.message, "missing tensor "
                           + "layer2.bn1.running_var, expected F32 of shape [8] for "
                           + "architecture.layers[4] (residual layer2)")
        }
    }

    func testWriteRejectsMissingBuffer() throws {
        var model = model()
        model.buffers["bn1.running_mean"] = nil

        XCTAssertThrowsError(try ModelFile.write(model, to: "\(folder.path)/m.safetensors")) {
            XCTAssertEqual(($0 as? FormatError)?.message, "cannot write tensor "
                           + "bn1.running_mean: the model has no buffer, its architecture "
                           + "expects shape [4]")
        }
    }

    func testWriteRejectsNameInBothSets() throws {
        var model = model()
        model.buffers["fc.bias"] = Tensor(zeros: [10])

        XCTAssertThrowsError(try ModelFile.write(model, to: "\(folder.path)/m.safetensors")) {
            XCTAssertEqual(($0 as? FormatError)?.message, "cannot write tensor fc.bias: the "
                           + "model has it both as a parameter and as a buffer")
        }
    }

    /// Returns the fixture with `target` replaced, checking that the fixture contains it.
    private func replacing(_ target: String, with replacement: String) -> String {
        precondition(architectureJSON.contains(target), "fixture lacks \(target)")
        return architectureJSON.replacingOccurrences(of: target, with: replacement)
    }

    func testErrors() {
        let block1 = "architecture.layers[3] (residual layer1)"
        let block2 = "architecture.layers[4] (residual layer2)"
        let cases: [(String, String)] = [
            (replacing(#""shortcut": "identity""#, with: #""shortcut": "skip""#),
             "\(block1).shortcut: is \"skip\", expected \"identity\", \"projection\" or "
                + "\"none\""),
            (replacing(#""in_channels": 4, "out_channels": 4,"#,
                       with: #""in_channels": 4, "out_channels": 5,"#)
                .replacingOccurrences(of: #""channels": 4}]}"#, with: #""channels": 5}]}"#),
             "\(block1): body outputs shape [5, 6, 6], but the identity shortcut gives its "
                + "input shape [4, 6, 6]; use \"shortcut\": \"projection\""),
            (replacing(#""shortcut_stride": 2,"#, with: ""),
             "\(block2): body outputs shape [8, 3, 3], but the projection shortcut with stride "
                + "1 gives [8, 6, 6], expected shortcut_stride to match the body's"),
            (replacing(#""shortcut": "identity""#,
                       with: #""shortcut": "identity", "shortcut_stride": 2"#),
             "\(block1).shortcut_stride: is set, but only a \"projection\" shortcut reads it"),
            (replacing(#""shortcut_stride": 2,"#, with: #""shortcut_batchnorm": 1,"#),
             "\(block2).shortcut_batchnorm: is 1, expected true or false"),
            (replacing(#""shortcut": "identity", "body": ["#, with: #""shortcut": "identity", "#
                        + #""body": [], "unused": ["#),
             "architecture.layers[3] (residual): unknown field \"unused\", expected only type, "
                + "name, body, shortcut, shortcut_stride, shortcut_batchnorm"),
            (replacing(#"{"type": "batchnorm", "name": "bn1", "channels": 4},"#,
                       with: #"{"type": "batchnorm", "name": "bn1", "channels": 3},"#),
             "architecture.layers[1] (batchnorm bn1): channels is 3, but its input has 4 "
                + "channels"),
            (replacing(#"{"type": "batchnorm", "name": "bn1", "channels": 4},"#,
                       with: #"{"type": "batchnorm", "name": "bn1"},"#),
             "architecture.layers[1] (batchnorm): missing field \"channels\", expected a "
                + "positive integer"),
            (replacing(#""kernel": 3, "stride": 2, "padding": 1}"#,
                       with: #""kernel": 3, "stride": 2, "padding": 1, "bias": false}"#),
             "\(block2).body[0] (conv2d): unknown field \"bias\""),
            (replacing(#""in_channels": 4, "out_channels": 8"#,
                       with: #""in_channels": 2, "out_channels": 8"#),
             "\(block2).body[0] (conv2d conv1): in_channels is 2, but its input has 4 channels"),
            (replacing(#"{"type": "batchnorm", "name": "bn1", "channels": 8}"#,
                       with: #"{"type": "batchnorm", "name": "conv1", "channels": 8}"#),
             "\(block2).body[1] (batchnorm conv1): name \"conv1\" is already used by layer 0"),
            (replacing(#""name": "layer2""#, with: #""name": "layer1""#),
             "architecture.layers[4] (residual layer1): name \"layer1\" is already used by "
                + "layer 3"),
            (replacing(#""name": "fc""#, with: #""name": "layer1.conv1""#),
             "architecture.layers[7] (dense layer1.conv1): tensor layer1.conv1.weight is also "
                + "owned by layer 3, expected unique tensor names"),
            (replacing(#"{"type": "avgpool", "kernel": 3}"#,
                       with: #"{"type": "avgpool", "kernel": 4}"#),
             "architecture.layers[5] (avgpool): kernel 4 is larger than the padded input height "
                + "(3 + 2·0), expected it to fit"),
            (replacing(#"{"type": "avgpool", "kernel": 3},"#, with: #"{"type": "flatten"},"#),
             "architecture.layers[6] (globalavgpool): input has shape [72], expected [channels, "
                + "height, width]"),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try ArchitectureJSON.decode(text, path: "m.json")) { error in
                let message = (error as? FormatError)?.message ?? "\(error)"
                XCTAssertTrue(message.contains(expected),
                              "message \"\(message)\" lacks \"\(expected)\"")
            }
        }
    }

    func testEmptyBody() {
        let empty = #"{"format": "landscape-model", "version": 1, "input": {"shape": [1, 2, 2], "#
            + #""mean": 0, "std": 1}, "layers": [{"type": "residual", "name": "b", "#
            + #""shortcut": "none", "body": []}, {"type": "globalavgpool"}]}"#
        XCTAssertThrowsError(try ArchitectureJSON.decode(empty, path: "m.json")) { error in
            XCTAssertEqual((error as? FormatError)?.message,
                           "architecture.layers[0] (residual b).body: is empty, expected at "
                            + "least one layer")
        }
    }
}
