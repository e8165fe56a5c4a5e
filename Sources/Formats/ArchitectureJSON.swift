import Numerics

/// Converts an `Architecture` to and from the JSON a model file stores in its metadata.
///
/// Schema (version 1): `{"format": "landscape-model", "version": 1, "input": {"shape": [C, H, W],
/// "mean": m, "std": s}, "layers": [...]}`, each layer an object with a `"type"` and the fields
/// of that type; docs/model-format.md lists them. Decoding checks every field, rejects unknown
/// ones, and checks that the layers fit together (`ArchitectureShapes`).
enum ArchitectureJSON {
    static let formatName = "landscape-model"
    static let version = 1

    /// Decodes and checks the `architecture` metadata text of the model file `path`.
    static func decode(_ text: String, path: String) throws -> Architecture {
        let json: JSONValue
        do {
            json = try JSONParser.parse(Array(text.utf8))
        } catch let error as JSONParser.SyntaxError {
            throw FormatError(file: path, message: "architecture metadata is not valid JSON: "
                              + "\(error.message) at byte \(error.offset)")
        }
        let root = try JSONObjectReader(json, file: path, context: "architecture")
        try root.rejectUnknownFields(allowed: ["format", "version", "input", "layers"])
        try checkFormat(root)

        guard let inputValue = root.value("input") else {
            throw root.failure("missing field \"input\", expected an object with shape, mean "
                               + "and std")
        }
        let input = try JSONObjectReader(inputValue, file: path, context: "architecture.input")
        try input.rejectUnknownFields(allowed: ["shape", "mean", "std"])
        let shape = try inputShape(input)
        let mean = try input.float("mean")
        let std = try input.float("std", above: 0)

        let layerValues = try root.array("layers")
        guard !layerValues.isEmpty else {
            throw root.failure("is empty, expected at least one layer", field: "layers")
        }
        let layers = try layerValues.enumerated().map { index, value in
            try decodeLayer(value, context: "architecture.layers[\(index)]", path: path)
        }
        let architecture = Architecture(inputShape: shape, inputMean: mean, inputStd: std,
                                        layers: layers)
        try ArchitectureShapes.check(architecture, path: path)
        return architecture
    }

    private static func checkFormat(_ root: JSONObjectReader) throws {
        guard let format = root.value("format") else {
            throw root.failure("missing field \"format\", expected \"\(formatName)\"")
        }
        guard format.stringValue == formatName else {
            throw root.failure("is \(format.serializedPreview), expected \"\(formatName)\"",
                               field: "format")
        }
        guard let version = root.value("version") else {
            throw root.failure("missing field \"version\", expected \(version)")
        }
        guard version.intValue == self.version else {
            throw root.failure("is \(version.serializedPreview), expected \(self.version) "
                               + "(the only version this program reads)", field: "version")
        }
    }

    private static func inputShape(_ input: JSONObjectReader) throws -> [Int] {
        let elements = try input.array("shape")
        let shape = elements.compactMap(\.intValue).filter { $0 > 0 }
        guard elements.count == 3, shape.count == 3 else {
            throw input.failure("is \(JSONValue.array(elements).serializedPreview), expected "
                                + "[channels, height, width] as three positive integers",
                                field: "shape")
        }
        return shape
    }

    /// Decodes the layer at `context`, such as `architecture.layers[3]` or
    /// `architecture.layers[3] (residual layer1.0).body[1]`.
    private static func decodeLayer(_ value: JSONValue, context: String, path: String) throws
        -> LayerSpec
    {
        let typeReader = try JSONObjectReader(value, file: path, context: context)
        let type = try typeReader.string("type")
        let layer = try JSONObjectReader(value, file: path, context: "\(context) (\(type))")
        switch type {
        case "conv2d":
            try layer.rejectUnknownFields(allowed: ["type", "name", "in_channels", "out_channels",
                                                    "kernel", "stride", "padding"])
            return .conv2d(name: try name(layer),
                           inChannels: try layer.integer("in_channels", minimum: 1),
                           outChannels: try layer.integer("out_channels", minimum: 1),
                           kernel: try layer.integer("kernel", minimum: 1),
                           stride: try layer.integer("stride", minimum: 1, default: 1),
                           padding: try layer.integer("padding", minimum: 0, default: 0))
        case "dense":
            try layer.rejectUnknownFields(allowed: ["type", "name", "in_features",
                                                    "out_features"])
            return .dense(name: try name(layer),
                          inputs: try layer.integer("in_features", minimum: 1),
                          outputs: try layer.integer("out_features", minimum: 1))
        case "maxpool":
            try layer.rejectUnknownFields(allowed: ["type", "kernel", "stride"])
            let kernel = try layer.integer("kernel", minimum: 1)
            return .maxPool(kernel: kernel,
                            stride: try layer.integer("stride", minimum: 1, default: kernel))
        case "avgpool":
            try layer.rejectUnknownFields(allowed: ["type", "kernel", "stride"])
            let kernel = try layer.integer("kernel", minimum: 1)
            return .avgPool(kernel: kernel,
                            stride: try layer.integer("stride", minimum: 1, default: kernel))
        case "batchnorm":
            try layer.rejectUnknownFields(allowed: ["type", "name", "channels"])
            return .batchNorm(name: try name(layer),
                              channels: try layer.integer("channels", minimum: 1))
        case "residual":
            return try decodeResidual(value, context: context, path: path)
        case "relu":
            try layer.rejectUnknownFields(allowed: ["type"])
            return .relu
        case "flatten":
            try layer.rejectUnknownFields(allowed: ["type"])
            return .flatten
        case "globalavgpool":
            try layer.rejectUnknownFields(allowed: ["type"])
            return .globalAvgPool
        default:
            let supported = LayerSpec.supportedTypeNames.joined(separator: ", ")
            throw typeReader.failure("unknown layer type \"\(type)\", expected one of "
                                     + supported, field: "type")
        }
    }

    /// Decodes a residual block and, recursively, the layers of its body.
    private static func decodeResidual(_ value: JSONValue, context: String,
                                       path: String) throws -> LayerSpec {
        let fields = ["type", "name", "body", "shortcut", "shortcut_stride",
                      "shortcut_batchnorm"]
        let reader = try JSONObjectReader(value, file: path, context: "\(context) (residual)")
        try reader.rejectUnknownFields(allowed: fields)
        let name = try name(reader)
        let blockContext = "\(context) (residual \(name))"
        let block = try JSONObjectReader(value, file: path, context: blockContext)
        let bodyValues = try block.array("body")
        guard !bodyValues.isEmpty else {
            throw block.failure("is empty, expected at least one layer", field: "body")
        }
        let body = try bodyValues.enumerated().map { index, value in
            try decodeLayer(value, context: "\(blockContext).body[\(index)]", path: path)
        }
        let shortcutName = try block.string("shortcut")
        let isProjection = shortcutName == "projection"
        for field in ["shortcut_stride", "shortcut_batchnorm"]
        where !isProjection && block.value(field) != nil {
            throw block.failure("is set, but only a \"projection\" shortcut reads it",
                                field: field)
        }
        switch shortcutName {
        case "identity":
            return .residual(name: name, body: body, shortcut: .identity)
        case "none":
            return .residual(name: name, body: body, shortcut: .none)
        case "projection":
            let stride = try block.integer("shortcut_stride", minimum: 1, default: 1)
            let batchNorm = try block.boolean("shortcut_batchnorm", default: true)
            return .residual(name: name, body: body,
                             shortcut: .projection(stride: stride, batchNorm: batchNorm))
        default:
            throw block.failure("is \"\(shortcutName)\", expected \"identity\", "
                                + "\"projection\" or \"none\"", field: "shortcut")
        }
    }

    private static func name(_ layer: JSONObjectReader) throws -> String {
        let name = try layer.string("name")
        guard !name.isEmpty else {
            throw layer.failure("is empty, expected the prefix of the layer's tensor names "
                                + "(\"fc1\" for fc1.weight and fc1.bias)", field: "name")
        }
        return name
    }

    /// Encodes `architecture` as compact JSON, writing out every optional field.
    ///
    /// `inputMean` and `inputStd` must be finite, which `ModelFile.write` checks.
    static func encode(_ architecture: Architecture) -> String {
        let input = JSONValue.object([
            ("shape", .array(architecture.inputShape.map(JSONValue.integer))),
            ("mean", .float(architecture.inputMean)),
            ("std", .float(architecture.inputStd)),
        ])
        let root = JSONValue.object([
            ("format", .string(formatName)),
            ("version", .integer(version)),
            ("input", input),
            ("layers", .array(architecture.layers.map(encodeLayer))),
        ])
        return root.serialized
    }

    private static func encodeLayer(_ layer: LayerSpec) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [("type", .string(layer.typeName))]
        switch layer {
        case let .conv2d(name, inChannels, outChannels, kernel, stride, padding):
            members += [("name", .string(name)), ("in_channels", .integer(inChannels)),
                        ("out_channels", .integer(outChannels)), ("kernel", .integer(kernel)),
                        ("stride", .integer(stride)), ("padding", .integer(padding))]
        case let .dense(name, inputs, outputs):
            members += [("name", .string(name)), ("in_features", .integer(inputs)),
                        ("out_features", .integer(outputs))]
        case let .maxPool(kernel, stride), let .avgPool(kernel, stride):
            members += [("kernel", .integer(kernel)), ("stride", .integer(stride))]
        case let .batchNorm(name, channels):
            members += [("name", .string(name)), ("channels", .integer(channels))]
        case let .residual(name, body, shortcut):
            members += [("name", .string(name)), ("body", .array(body.map(encodeLayer)))]
            switch shortcut {
            case .identity:
                members.append(("shortcut", .string("identity")))
            case .none:
                members.append(("shortcut", .string("none")))
            case let .projection(stride, batchNorm):
                members += [("shortcut", .string("projection")),
                            ("shortcut_stride", .integer(stride)),
                            ("shortcut_batchnorm", .bool(batchNorm))]
            }
        case .relu, .flatten, .globalAvgPool:
            break
        }
        return .object(members)
    }
}
