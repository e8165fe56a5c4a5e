import Numerics
import XCTest

@testable import Formats

final class ModelFileTests: XCTestCase {
    private var folder: TemporaryFolder!

    override func setUpWithError() throws {
        folder = try TemporaryFolder()
    }

    override func tearDown() {
        folder.remove()
    }

    /// conv 1→2 (3×3, padding 1) on 1×4×4, relu, 2×2 max pool, flatten, dense 8→3.
    private let architectureJSON = """
        {"format": "landscape-model", "version": 1,
         "input": {"shape": [1, 4, 4], "mean": 0.2860, "std": 0.3530},
         "layers": [
          {"type": "conv2d", "name": "c1", "in_channels": 1, "out_channels": 2, "kernel": 3,
           "padding": 1},
          {"type": "relu"}, {"type": "maxpool", "kernel": 2}, {"type": "flatten"},
          {"type": "dense", "name": "fc", "in_features": 8, "out_features": 3}]}
        """

    private let expectedArchitecture = Architecture(
        inputShape: [1, 4, 4], inputMean: 0.2860, inputStd: 0.3530,
        layers: [.conv2d(name: "c1", inChannels: 1, outChannels: 2, kernel: 3, stride: 1,
                         padding: 1),
                 .relu, .maxPool(kernel: 2, stride: 2), .flatten,
                 .dense(name: "fc", inputs: 8, outputs: 3)])

    private let tensors = [
        RawTensor("c1.weight", shape: [2, 1, 3, 3]), RawTensor("c1.bias", shape: [2]),
        RawTensor("fc.weight", shape: [3, 8]), RawTensor("fc.bias", shape: [3]),
    ]

    /// Builds a model file with `architecture` (nil for the fixture) and `tensors`.
    private func modelFile(architecture: String? = nil, tensors: [RawTensor]? = nil) -> [UInt8] {
        safetensorsFile(tensors: tensors ?? self.tensors,
                        metadata: ["architecture": architecture ?? architectureJSON])
    }

    /// Builds the model file with one substring of the architecture JSON replaced.
    private func modelFile(replacing target: String, with replacement: String) -> [UInt8] {
        precondition(architectureJSON.contains(target), "fixture lacks \(target)")
        return modelFile(architecture: architectureJSON.replacingOccurrences(of: target,
                                                                              with: replacement))
    }

    private func tinyModel() -> Model {
        var generator = SeededGenerator(seed: 3)
        let parameters = Parameters(expectedArchitecture.parameterShapes.map { name, shape in
            (name, Tensor(shape: shape, data: generator.gaussians(count: shape.reduce(1, *))))
        })
        return Model(architecture: expectedArchitecture, parameters: parameters)
    }

    func testReadsHandWrittenFile() throws {
        let path = try folder.write(modelFile(), to: "tiny.safetensors")

        let model = try ModelFile.read(path: path)

        XCTAssertEqual(model.architecture, expectedArchitecture)
        XCTAssertEqual(model.parameters.names, ["c1.weight", "c1.bias", "fc.weight", "fc.bias"])
        XCTAssertEqual(model.parameters["fc.bias"], Tensor(shape: [3], data: [0.5, 1.5, 2.5]))
    }

    /// The Fashion-MNIST network that docs/model-format.md uses as its example.
    func testDocumentedArchitecture() throws {
        let text = """
            {"format": "landscape-model", "version": 1,
             "input": {"shape": [1, 28, 28], "mean": 0.2860, "std": 0.3530},
             "layers": [
               {"type": "conv2d", "name": "conv1", "in_channels": 1, "out_channels": 16,
                "kernel": 3, "stride": 1, "padding": 1},
               {"type": "relu"},
               {"type": "maxpool", "kernel": 2, "stride": 2},
               {"type": "flatten"},
               {"type": "dense", "name": "fc1", "in_features": 3136, "out_features": 128},
               {"type": "relu"},
               {"type": "dense", "name": "fc2", "in_features": 128, "out_features": 10}]}
            """

        let architecture = try ArchitectureJSON.decode(text, path: "doc")

        XCTAssertEqual(architecture.parameterShapes.map(\.0),
                       ["conv1.weight", "conv1.bias", "fc1.weight", "fc1.bias", "fc2.weight",
                        "fc2.bias"])
        XCTAssertEqual(architecture.parameterShapes[2].1, [128, 3136])
        XCTAssertEqual(try ArchitectureJSON.decode(ArchitectureJSON.encode(architecture),
                                                   path: "encoded"), architecture)
    }

    func testRoundTrip() throws {
        let path = "\(folder.path)/model.safetensors"
        let model = tinyModel()

        try ModelFile.write(model, metadata: ["command": "landscape train"], to: path)

        XCTAssertEqual(try ModelFile.read(path: path), model)
        let metadata = try ModelFile.readMetadata(path: path)
        XCTAssertEqual(metadata["command"], "landscape train")
        XCTAssertNotNil(metadata["architecture"])
        XCTAssertEqual(try folder.contents(), ["model.safetensors"])
    }

    func testRoundTripAllFields() throws {
        let architecture = Architecture(
            inputShape: [3, 9, 7], inputMean: 1e-5, inputStd: 123.456,
            layers: [.conv2d(name: "conv \"1\"", inChannels: 3, outChannels: 2, kernel: 2,
                             stride: 2, padding: 3),
                     .maxPool(kernel: 3, stride: 1), .flatten, .relu,
                     .dense(name: "out", inputs: 2 * 5 * 4, outputs: 4)])
        let parameters = Parameters(architecture.parameterShapes.map { name, shape in
            (name, Tensor(zeros: shape))
        })
        let model = Model(architecture: architecture, parameters: parameters)
        let path = "\(folder.path)/all.safetensors"

        try ModelFile.write(model, to: path)

        XCTAssertEqual(try ModelFile.read(path: path), model)
    }

    func testArchitectureEntryWins() throws {
        let path = "\(folder.path)/model.safetensors"
        try ModelFile.write(tinyModel(), metadata: ["architecture": "junk"], to: path)
        XCTAssertEqual(try ModelFile.read(path: path).architecture, expectedArchitecture)
    }

    /// Extra tensors, such as an integer step counter in a PyTorch state_dict, are ignored,
    /// and half-precision tensors convert.
    func testIgnoresUnusedTensors() throws {
        var tensors = self.tensors
        tensors.insert(RawTensor("steps", dtype: "I64", shape: [], data: littleEndian(9, count: 8)),
                       at: 1)
        tensors[4] = RawTensor("fc.bias", dtype: "F16", shape: [3],
                               data: [0x00, 0x3C, 0x00, 0x40, 0x00, 0xC2])
        let path = try folder.write(modelFile(tensors: tensors), to: "extra.safetensors")

        let model = try ModelFile.read(path: path)

        XCTAssertEqual(model.parameters.names, ["c1.weight", "c1.bias", "fc.weight", "fc.bias"])
        XCTAssertEqual(model.parameters["fc.bias"], Tensor(shape: [3], data: [1, 2, -3]))
    }

    func testWriteRejectsMissingTensor() throws {
        var model = tinyModel()
        model.parameters["fc.bias"] = nil
        let path = "\(folder.path)/bad.safetensors"
        XCTAssertThrowsError(try ModelFile.write(model, to: path)) {
            XCTAssertEqual(($0 as? FormatError)?.message, "cannot write tensor fc.bias: the "
                           + "model has no tensor, its architecture expects shape [3]")
        }
    }

    func testErrors() throws {
        var wrongShape = tensors
        wrongShape[2] = RawTensor("fc.weight", shape: [3, 9])
        var wrongDtype = tensors
        wrongDtype[2] = RawTensor("fc.weight", dtype: "I32", shape: [3, 8],
                                  data: [UInt8](repeating: 0, count: 96))
        let cases = [
            ErrorCase(name: "missing", bytes: nil, expected: "not found"),
            ErrorCase(name: "empty", bytes: [], expected: "file is empty"),
            ErrorCase(name: "truncated", bytes: Array(modelFile().dropLast(4)),
                      expected: "tensor fc.bias: data_offsets [176, 188] end past the data "
                        + "section (184 bytes), so the file is truncated"),
            ErrorCase(name: "not-model", bytes: safetensorsFile(tensors: tensors),
                      expected: "not a landscape model file: the safetensors metadata has no "
                        + "\"architecture\" entry, expected the network's layers as JSON text"),
            ErrorCase(name: "not-json", bytes: modelFile(architecture: "{\"format\": "),
                      expected: "architecture metadata is not valid JSON: unexpected end of "
                        + "text, expected a value at byte 11"),
            ErrorCase(name: "not-object", bytes: modelFile(architecture: "[]"),
                      expected: "architecture is an array, expected an object"),
            ErrorCase(name: "format", bytes: modelFile(replacing: "\"landscape-model\"",
                                                       with: "\"keras\""),
                      expected: "architecture.format: is \"keras\", expected \"landscape-model\""),
            ErrorCase(name: "no-format",
                      bytes: modelFile(replacing: "\"format\": \"landscape-model\", ", with: ""),
                      expected: "architecture: missing field \"format\", expected "
                        + "\"landscape-model\""),
            ErrorCase(name: "unknown-root", bytes: modelFile(replacing: "\"format\"",
                                                             with: "\"f\""),
                      expected: "architecture: unknown field \"f\", expected only format, "
                        + "version, input, layers"),
            ErrorCase(name: "version", bytes: modelFile(replacing: "\"version\": 1",
                                                        with: "\"version\": 2"),
                      expected: "architecture.version: is 2, expected 1"),
            ErrorCase(name: "renamed-input",
                      bytes: modelFile(replacing: "\"input\"", with: "\"x\""),
                      expected: "architecture: unknown field \"x\""),
            ErrorCase(name: "input-shape", bytes: modelFile(replacing: "[1, 4, 4]",
                                                            with: "[1, 4]"),
                      expected: "architecture.input.shape: is [1,4], expected [channels, "
                        + "height, width] as three positive integers"),
            ErrorCase(name: "input-zero", bytes: modelFile(replacing: "[1, 4, 4]",
                                                           with: "[1, 0, 4]"),
                      expected: "architecture.input.shape: is [1,0,4]"),
            ErrorCase(name: "std-zero", bytes: modelFile(replacing: "0.3530", with: "0"),
                      expected: "architecture.input.std: is 0, expected a number > 0.0"),
            ErrorCase(name: "mean-huge", bytes: modelFile(replacing: "0.2860", with: "1e300"),
                      expected: "architecture.input.mean: is 1e300, expected a finite number"),
            ErrorCase(name: "mean-text", bytes: modelFile(replacing: "0.2860", with: "\"0.3\""),
                      expected: "architecture.input.mean: is \"0.3\", expected a finite number"),
            ErrorCase(name: "renamed-layers",
                      bytes: modelFile(replacing: "\"layers\"", with: "\"l\""),
                      expected: "architecture: unknown field \"l\""),
            ErrorCase(name: "empty-layers",
                      bytes: modelFile(architecture: #"{"format": "landscape-model", "#
                        + #""version": 1, "input": {"shape": [1, 4, 4], "mean": 0, "std": 1}, "#
                        + #""layers": []}"#),
                      expected: "architecture.layers: is empty, expected at least one layer"),
            ErrorCase(name: "unknown-type", bytes: modelFile(replacing: "\"relu\"",
                                                             with: "\"dropout\""),
                      expected: "architecture.layers[1].type: unknown layer type "
                        + "\"dropout\", expected one of avgpool, batchnorm, conv2d, dense, "
                        + "flatten, globalavgpool, maxpool, relu, residual"),
            ErrorCase(name: "no-type", bytes: modelFile(replacing: "{\"type\": \"relu\"}",
                                                        with: "{}"),
                      expected: "architecture.layers[1]: missing field \"type\", expected a "
                        + "string"),
            ErrorCase(name: "layer-number", bytes: modelFile(replacing: "{\"type\": \"relu\"}",
                                                             with: "7"),
                      expected: "architecture.layers[1] is a number, expected an object"),
            ErrorCase(name: "missing-field",
                      bytes: modelFile(replacing: "\"out_channels\": 2,", with: ""),
                      expected: "architecture.layers[0] (conv2d): missing field "
                        + "\"out_channels\", expected a positive integer"),
            ErrorCase(name: "missing-name", bytes: modelFile(replacing: "\"name\": \"fc\",",
                                                             with: ""),
                      expected: "architecture.layers[4] (dense): missing field \"name\""),
            ErrorCase(name: "unknown-field", bytes: modelFile(replacing: "\"padding\"",
                                                              with: "\"pad\""),
                      expected: "architecture.layers[0] (conv2d): unknown field \"pad\", "
                        + "expected only type, name, in_channels, out_channels, kernel, "
                        + "stride, padding"),
            ErrorCase(name: "kernel-zero", bytes: modelFile(replacing: "\"kernel\": 3",
                                                            with: "\"kernel\": 0"),
                      expected: "architecture.layers[0] (conv2d).kernel: is 0, expected a "
                        + "positive integer"),
            ErrorCase(name: "padding-negative", bytes: modelFile(replacing: "\"padding\": 1",
                                                                 with: "\"padding\": -1"),
                      expected: "(conv2d).padding: is -1, expected an integer ≥ 0"),
            ErrorCase(name: "kernel-big", bytes: modelFile(replacing: "\"kernel\": 3",
                                                           with: "\"kernel\": 7"),
                      expected: "architecture.layers[0] (conv2d c1): kernel 7 is larger than "
                        + "the padded input height (4 + 2·1)"),
            ErrorCase(name: "channels", bytes: modelFile(replacing: "\"in_channels\": 1",
                                                         with: "\"in_channels\": 3"),
                      expected: "architecture.layers[0] (conv2d c1): in_channels is 3, but its "
                        + "input has 1 channels"),
            ErrorCase(name: "features", bytes: modelFile(replacing: "\"in_features\": 8",
                                                         with: "\"in_features\": 9"),
                      expected: "architecture.layers[4] (dense fc): in_features is 9, but its "
                        + "input has 8 features"),
            ErrorCase(name: "no-flatten", bytes: modelFile(replacing: "{\"type\": \"flatten\"}",
                                                           with: "{\"type\": \"relu\"}"),
                      expected: "architecture.layers[4] (dense fc): input has shape [2, 2, 2], "
                        + "expected a flat vector (add a flatten layer before it)"),
            ErrorCase(name: "not-flat-output",
                      bytes: modelFile(replacing: ", {\"type\": \"flatten\"},\n  "
                        + "{\"type\": \"dense\", \"name\": \"fc\", \"in_features\": 8, "
                        + "\"out_features\": 3}", with: ""),
                      expected: "architecture.layers: the last layer outputs shape [2, 2, 2], "
                        + "expected a flat vector of class scores"),
            ErrorCase(name: "duplicate-name", bytes: modelFile(replacing: "\"name\": \"fc\"",
                                                               with: "\"name\": \"c1\""),
                      expected: "architecture.layers[4] (dense c1): name \"c1\" is already used "
                        + "by layer 0"),
            ErrorCase(name: "missing-tensor", bytes: modelFile(tensors: Array(tensors.prefix(3))),
                      expected: "missing tensor fc.bias, expected F32 of shape [3] for "
                        + "architecture.layers[4] (dense fc)"),
            ErrorCase(name: "wrong-shape", bytes: modelFile(tensors: wrongShape),
                      expected: "tensor fc.weight has shape [3, 9], expected [3, 8]"),
            ErrorCase(name: "wrong-dtype", bytes: modelFile(tensors: wrongDtype),
                      expected: "tensor fc.weight has dtype I32, expected F32 (F64, F16 and BF16 "
                        + "are converted)"),
        ]
        try assertErrors(cases, in: folder) { _ = try ModelFile.read(path: $0) }
    }
}
