extension LayerSpec {
    /// The layer's name for dense and conv2d layers; `nil` for the others, which have none.
    var name: String? {
        switch self {
        case let .dense(name, _, _): return name
        case let .conv2d(name, _, _, _, _, _): return name
        case .relu, .maxPool, .flatten: return nil
        }
    }
}

extension Network {
    /// Returns "layer 4 (dense fc1)": the zero-based position in the architecture's layer
    /// list, the type name and the layer name if it has a non-empty one.
    static func label(of spec: LayerSpec, at index: Int) -> String {
        guard let name = spec.name, !name.isEmpty else {
            return "layer \(index) (\(spec.typeName))"
        }
        return "layer \(index) (\(spec.typeName) \(name))"
    }

    /// Checks the input fields of an architecture.
    static func checkInput(of architecture: Architecture) throws {
        let shape = architecture.inputShape
        guard shape.count == 3 else {
            throw NetworkError("input shape \(shape) must have 3 dimensions "
                + "[channels, height, width]")
        }
        guard shape.allSatisfy({ $0 > 0 }) else {
            throw NetworkError("input shape \(shape) must be positive in every dimension")
        }
        guard architecture.inputMean.isFinite else {
            throw NetworkError("input mean \(architecture.inputMean) must be finite")
        }
        guard architecture.inputStd.isFinite, architecture.inputStd > 0 else {
            throw NetworkError("input std \(architecture.inputStd) must be positive and finite")
        }
        guard !architecture.layers.isEmpty else {
            throw NetworkError("the architecture has no layers")
        }
    }

    /// Builds the layer that `spec` describes for per-sample inputs of `inputShape`.
    ///
    /// - Throws: `NetworkError` naming the layer when a size is not positive, the input shape
    ///   does not fit the layer, or the window does not fit the input.
    static func makeLayer(_ spec: LayerSpec, at index: Int,
                          inputShape: [Int]) throws -> any Layer {
        let label = label(of: spec, at: index)
        switch spec {
        case let .dense(_, inputs, outputs):
            return try makeDense(inputs: inputs, outputs: outputs, label: label,
                                 inputShape: inputShape)
        case let .conv2d(_, inChannels, outChannels, kernel, stride, padding):
            try checkPositive(["input channels": inChannels, "output channels": outChannels,
                               "kernel": kernel, "stride": stride], label: label)
            guard padding >= 0 else {
                throw NetworkError("\(label) has padding \(padding), expected 0 or more")
            }
            let (height, width) = try planeSize(inputShape, channels: inChannels, label: label)
            guard height + 2 * padding >= kernel, width + 2 * padding >= kernel else {
                throw NetworkError("\(label) kernel \(kernel) does not fit the "
                    + "\(height)x\(width) input with padding \(padding)")
            }
            let geometry = ConvGeometry(channels: inChannels, height: height, width: width,
                                        kernel: kernel, stride: stride, padding: padding)
            return Conv2DLayer(geometry: geometry, outChannels: outChannels)
        case let .maxPool(kernel, stride):
            try checkPositive(["kernel": kernel, "stride": stride], label: label)
            let (height, width) = try planeSize(inputShape, channels: nil, label: label)
            guard height >= kernel, width >= kernel else {
                throw NetworkError("\(label) kernel \(kernel) does not fit the "
                    + "\(height)x\(width) input")
            }
            return MaxPoolLayer(channels: inputShape[0], height: height, width: width,
                                kernel: kernel, stride: stride)
        case .relu:
            return ReLULayer(shape: inputShape)
        case .flatten:
            return FlattenLayer(inputShape: inputShape)
        }
    }

    private static func makeDense(inputs: Int, outputs: Int, label: String,
                                  inputShape: [Int]) throws -> DenseLayer {
        try checkPositive(["inputs": inputs, "outputs": outputs], label: label)
        guard inputShape.count == 1 else {
            throw NetworkError("\(label) expects a flat input of \(inputs) values, gets shape "
                + "\(inputShape); add a flatten layer before it")
        }
        guard inputShape[0] == inputs else {
            throw NetworkError("\(label) expects \(inputs) inputs, gets \(inputShape[0])")
        }
        return DenseLayer(inputs: inputs, outputs: outputs)
    }

    /// Throws for the first size, in key order, that is not positive.
    private static func checkPositive(_ sizes: [String: Int], label: String) throws {
        for (field, value) in sizes.sorted(by: { $0.key < $1.key }) where value <= 0 {
            throw NetworkError("\(label) has \(field) \(value), expected at least 1")
        }
    }

    /// Returns the height and width of a `[C, H, W]` input, checking C when given.
    private static func planeSize(_ shape: [Int], channels: Int?,
                                  label: String) throws -> (Int, Int) {
        guard shape.count == 3 else {
            throw NetworkError("\(label) expects a [channels, height, width] input, "
                + "gets shape \(shape)")
        }
        if let channels, shape[0] != channels {
            throw NetworkError("\(label) expects \(channels) input channels, gets \(shape[0])")
        }
        return (shape[1], shape[2])
    }

    /// Checks that no two layers share a name, since their tensors would share names too.
    static func checkUniqueNames(_ layers: [LayerSpec]) throws {
        var firstIndex: [String: Int] = [:]
        for (index, spec) in layers.enumerated() {
            guard let name = spec.name else { continue }
            guard !name.isEmpty else {
                throw NetworkError("\(label(of: spec, at: index)) has an empty name")
            }
            if let earlier = firstIndex[name] {
                throw NetworkError("\(label(of: spec, at: index)) reuses the name of "
                    + label(of: layers[earlier], at: earlier))
            }
            firstIndex[name] = index
        }
    }
}
