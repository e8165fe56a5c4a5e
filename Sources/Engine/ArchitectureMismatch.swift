import Numerics

/// Two model files that cannot be compared tensor by tensor, because their architectures
/// differ.
///
/// `description` is one finished line naming both files and the first difference.
public struct ArchitectureMismatch: Error, CustomStringConvertible, Equatable {
    public let firstPath: String
    public let secondPath: String
    /// The first difference, such as "tensor 3 is fc1.weight [128, 1568] in the first
    /// model but fc1.weight [64, 1568] in the second".
    public let difference: String

    public var description: String {
        "\(firstPath) and \(secondPath) do not share one architecture: \(difference)"
    }

    /// Returns nil when `first` and `second` have the same architecture, otherwise the first
    /// difference.
    ///
    /// Tensors (parameters, then buffers, in architecture order) are compared first by name
    /// and shape, so the message names a tensor whenever one differs. Architectures with the
    /// same tensors can still differ in a layer without tensors (a pooling size, a missing
    /// ReLU) or in the input normalization. The message then names that layer or field.
    public static func check(_ first: Architecture, at firstPath: String,
                             against second: Architecture,
                             at secondPath: String) -> ArchitectureMismatch? {
        let difference = tensorDifference(first, second)
            ?? layerDifference(first, second)
            ?? inputDifference(first, second)
        return difference.map {
            ArchitectureMismatch(firstPath: firstPath, secondPath: secondPath, difference: $0)
        }
    }

    private static func tensorDifference(_ first: Architecture,
                                         _ second: Architecture) -> String? {
        let firstTensors = first.parameterShapes + first.bufferShapes
        let secondTensors = second.parameterShapes + second.bufferShapes
        for index in 0..<max(firstTensors.count, secondTensors.count) {
            let left = index < firstTensors.count ? firstTensors[index] : nil
            let right = index < secondTensors.count ? secondTensors[index] : nil
            guard left?.0 != right?.0 || left?.1 != right?.1 else { continue }
            return "tensor \(index) is \(describe(left)) in the first model but "
                + "\(describe(right)) in the second"
        }
        return nil
    }

    private static func layerDifference(_ first: Architecture,
                                        _ second: Architecture) -> String? {
        guard first.layers != second.layers else { return nil }
        let count = min(first.layers.count, second.layers.count)
        guard let index = (0..<count).first(where: { first.layers[$0] != second.layers[$0] })
        else {
            return "the first model has \(first.layers.count) layers, the second "
                + "\(second.layers.count)"
        }
        return "layer \(index) is \(first.layers[index]) in the first model but "
            + "\(second.layers[index]) in the second"
    }

    private static func inputDifference(_ first: Architecture,
                                        _ second: Architecture) -> String? {
        if first.inputShape != second.inputShape {
            return "the input shape is \(first.inputShape) in the first model but "
                + "\(second.inputShape) in the second"
        }
        guard first.inputMean != second.inputMean || first.inputStd != second.inputStd
        else { return nil }
        return "the input normalization is (x - \(first.inputMean)) / \(first.inputStd) in "
            + "the first model but (x - \(second.inputMean)) / \(second.inputStd) in the second"
    }

    private static func describe(_ tensor: (String, [Int])?) -> String {
        guard let (name, shape) = tensor else { return "missing" }
        return "\(name) \(shape)"
    }
}
