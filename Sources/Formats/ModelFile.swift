import Numerics

/// Reads and writes model files: a safetensors file whose metadata contains the architecture.
///
/// The `"architecture"` metadata entry is JSON text (`ArchitectureJSON`), and the tensors are
/// `<layer name>.weight` and `<layer name>.bias` in PyTorch layout, so a `state_dict()` saved
/// with the safetensors library loads as it is. docs/model-format.md describes the format.
public enum ModelFile {
    /// The metadata key of the architecture JSON.
    public static let architectureKey = "architecture"

    /// Reads the architecture and the tensors it uses, in architecture order.
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
        for (index, layer) in architecture.layers.enumerated() {
            let owner = "architecture.layers[\(index)] (\(ArchitectureShapes.describe(layer)))"
            for (name, shape) in layer.parameterShapes {
                guard let entry = entries[name] else {
                    throw FormatError(file: path, message: "missing tensor \(name), expected "
                                      + "F32 of shape \(shape) for \(owner)")
                }
                parameters[name] = try tensor(entry, shape: shape, bytes: bytes, header: header,
                                              path: path)
            }
        }
        return Model(architecture: architecture, parameters: parameters)
    }

    /// Reads the metadata only (the architecture JSON, the training command, ...).
    ///
    /// Loads just the header, so it is fast on large files. The architecture is not checked.
    public static func readMetadata(path: String) throws -> [String: String] {
        try Safetensors.readHeader(path: path).metadata
    }

    /// Writes the model's tensors, in `Parameters` order, and its architecture, atomically.
    ///
    /// - Parameters:
    ///   - extra: more metadata, such as the training command. Its `"architecture"` entry,
    ///     if any, is replaced by the model's own.
    /// - Throws: `FormatError` when a tensor the architecture needs is missing or misshapen,
    ///   the input normalization is not finite, or the file cannot be written.
    public static func write(
        _ model: Model, metadata extra: [String: String] = [:], to path: String
    ) throws {
        let architecture = model.architecture
        guard architecture.inputMean.isFinite, architecture.inputStd.isFinite else {
            throw FormatError(file: path, message: "cannot write input mean "
                              + "\(architecture.inputMean) and std \(architecture.inputStd), "
                              + "expected finite numbers")
        }
        for (name, shape) in architecture.parameterShapes {
            guard let tensor = model.parameters[name], tensor.shape == shape else {
                let found = model.parameters[name].map { "shape \($0.shape)" } ?? "no tensor"
                throw FormatError(file: path, message: "cannot write tensor \(name): the model "
                                  + "has \(found), its architecture expects shape \(shape)")
            }
        }
        var metadata = extra
        metadata[architectureKey] = ArchitectureJSON.encode(architecture)
        try Safetensors.write(model.parameters, metadata: metadata, to: path)
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
