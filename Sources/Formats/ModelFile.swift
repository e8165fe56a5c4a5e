import Numerics

/// Reads and writes model files: a safetensors file whose metadata contains the architecture.
///
/// The `"architecture"` metadata entry is JSON text (`ArchitectureJSON`), and the tensors are
/// `<layer name>.weight` and `<layer name>.bias` in PyTorch layout, plus
/// `<layer name>.running_mean` and `<layer name>.running_var` for BatchNorm, so a
/// `state_dict()` saved with the safetensors library loads as it is. docs/model-format.md
/// describes the format.
public enum ModelFile {
    /// The metadata key of the architecture JSON.
    public static let architectureKey = "architecture"

    /// Reads the architecture and the tensors it uses, in architecture order: parameters
    /// into `Model.parameters` and BatchNorm running statistics into `Model.buffers`.
    ///
    /// Tensors the architecture does not use are ignored, whatever their dtype. Used tensors
    /// must have exactly the expected shape. F32 loads as it is, and F64, F16 and BF16 convert.
    /// - Throws: `FormatError` naming the file and the first field that is wrong.
    public static func read(path: String) throws -> Model {
        let bytes = try BinaryFile.read(path: path)
        let header = try SafetensorsHeader.parse(prefix: bytes, fileSize: bytes.count, path: path)
        let architecture = try self.architecture(in: header, path: path)

        var entries: [String: SafetensorsHeader.Entry] = [:]
        for entry in header.entries { entries[entry.name] = entry }
        var parameters = Parameters()
        var buffers = Parameters()
        for (index, layer) in architecture.layers.enumerated() {
            let owner = "architecture.layers[\(index)] (\(ArchitectureShapes.describe(layer)))"
            for (name, shape) in layer.parameterShapes + layer.bufferShapes {
                guard let entry = entries[name] else {
                    throw FormatError(file: path, message: "missing tensor \(name), expected "
                                      + "F32 of shape \(shape) for \(owner)")
                }
                let value = try tensor(entry, shape: shape, bytes: bytes, header: header,
                                       path: path)
                if layer.bufferShapes.contains(where: { $0.0 == name }) {
                    buffers[name] = value
                } else {
                    parameters[name] = value
                }
            }
        }
        return Model(architecture: architecture, parameters: parameters, buffers: buffers)
    }

    /// Reads the metadata only (the architecture JSON, the training command, ...).
    ///
    /// Loads just the header, so it is fast on large files. The architecture is not checked.
    public static func readMetadata(path: String) throws -> [String: String] {
        try Safetensors.readHeader(path: path).metadata
    }

    /// Writes the model's parameters, then its buffers, each in `Parameters` order, and its
    /// architecture, atomically.
    ///
    /// - Parameters:
    ///   - extra: more metadata, such as the training command. Its `"architecture"` entry,
    ///     if any, is replaced by the model's own.
    /// - Throws: `FormatError` when a tensor the architecture needs is missing or misshapen,
    ///   a name is both a parameter and a buffer, the input normalization is not finite, or
    ///   the file cannot be written.
    public static func write(
        _ model: Model, metadata extra: [String: String] = [:], to path: String
    ) throws {
        let architecture = model.architecture
        guard architecture.inputMean.isFinite, architecture.inputStd.isFinite else {
            throw FormatError(file: path, message: "cannot write input mean "
                              + "\(architecture.inputMean) and std \(architecture.inputStd), "
                              + "expected finite numbers")
        }
        try checkTensors(architecture.parameterShapes, in: model.parameters, kind: "tensor",
                         path: path)
        try checkTensors(architecture.bufferShapes, in: model.buffers, kind: "buffer",
                         path: path)
        var tensors = model.parameters
        for name in model.buffers.names {
            guard tensors[name] == nil else {
                throw FormatError(file: path, message: "cannot write tensor \(name): the model "
                                  + "has it both as a parameter and as a buffer")
            }
            tensors[name] = model.buffers[name]
        }
        var metadata = extra
        metadata[architectureKey] = ArchitectureJSON.encode(architecture)
        try Safetensors.write(tensors, metadata: metadata, to: path)
    }

    private static func checkTensors(_ shapes: [(String, [Int])], in tensors: Parameters,
                                     kind: String, path: String) throws {
        for (name, shape) in shapes {
            guard let tensor = tensors[name], tensor.shape == shape else {
                let found = tensors[name].map { "shape \($0.shape)" } ?? "no \(kind)"
                throw FormatError(file: path, message: "cannot write tensor \(name): the model "
                                  + "has \(found), its architecture expects shape \(shape)")
            }
        }
    }

    private static func tensor(
        _ entry: SafetensorsHeader.Entry, shape: [Int], bytes: [UInt8],
        header: SafetensorsHeader, path: String
    ) throws -> Tensor {
        guard SafetensorsDType.convertible.contains(entry.dtype) else {
            throw FormatError(file: path, message: "tensor \(entry.name) has dtype "
                              + "\(entry.dtype.rawValue), expected F32 (F64, F16 and BF16 "
                              + "are converted)")
        }
        guard entry.shape == shape else {
            throw FormatError(file: path, message: "tensor \(entry.name) has shape "
                              + "\(entry.shape), expected \(shape)")
        }
        return try Safetensors.tensor(entry, in: bytes, header: header, path: path)
    }

    private static func architecture(
        in header: SafetensorsHeader, path: String
    ) throws -> Architecture {
        guard let text = header.metadata[architectureKey] else {
            throw FormatError(file: path, message: "not a landscape model file: the safetensors "
                              + "metadata has no \"architecture\" entry, expected the network's "
                              + "layers as JSON text there (see docs/model-format.md)")
        }
        return try ArchitectureJSON.decode(text, path: path)
    }
}
