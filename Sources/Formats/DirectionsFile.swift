import Numerics

/// Reads and writes a pair of directions (δ, η) as one safetensors file.
///
/// Tensor `delta.<name>` is δ for parameter `<name>` and `eta.<name>` is η, both F32 in the
/// parameter's own shape, so other tools can load them by the model's tensor names. The
/// metadata records how they were made (seed, normalization, ignored tensors, model).
public enum DirectionsFile {
    /// The value of the `"format"` metadata entry.
    public static let formatName = "landscape-directions"

    /// Writes δ then η, tensor by tensor in `Parameters` order, atomically.
    ///
    /// - Throws: `FormatError` when the file cannot be written.
    public static func write(delta: Parameters, eta: Parameters, metadata: [String: String],
                             to path: String) throws {
        var tensors = Parameters()
        for name in delta.names { tensors["delta." + name] = delta[name] }
        for name in eta.names { tensors["eta." + name] = eta[name] }
        var entries = metadata
        entries["format"] = formatName
        try Safetensors.write(tensors, metadata: entries, to: path)
    }

    /// Reads δ and η for the parameters of `model`, with the file's metadata.
    ///
    /// - Throws: `FormatError` when the file is unreadable, lacks a tensor the model has,
    ///   has a tensor of another shape, or has a tensor the model lacks.
    public static func read(path: String, like model: Parameters) throws
        -> (delta: Parameters, eta: Parameters, metadata: [String: String])
    {
        let (tensors, metadata) = try Safetensors.read(path: path)
        var expected = Set<String>()
        var delta = Parameters(), eta = Parameters()
        for name in model.names {
            let shape = model[name]!.shape
            delta[name] = try tensor("delta." + name, shape: shape, in: tensors, path: path)
            eta[name] = try tensor("eta." + name, shape: shape, in: tensors, path: path)
            expected.formUnion(["delta." + name, "eta." + name])
        }
        if let extra = tensors.names.first(where: { !expected.contains($0) }) {
            throw FormatError(file: path, message: "tensor \(extra) matches no parameter of "
                              + "the model, expected only delta.<name> and eta.<name> for its "
                              + "\(model.count) parameters")
        }
        return (delta, eta, metadata)
    }

    private static func tensor(_ name: String, shape: [Int], in tensors: Parameters,
                               path: String) throws -> Tensor {
        guard let tensor = tensors[name] else {
            throw FormatError(file: path, message: "missing tensor \(name), expected shape "
                              + "\(shape) as the model's parameter has")
        }
        guard tensor.shape == shape else {
            throw FormatError(file: path, message: "tensor \(name) has shape \(tensor.shape), "
                              + "expected \(shape) as the model's parameter has")
        }
        return tensor
    }
}
