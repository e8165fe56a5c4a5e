extension LayerSpec {
    /// The layer's name for the layer types that own tensors, or `nil` for the others.
    var name: String? {
        switch self {
        case let .dense(name, _, _): return name
        case let .conv2d(name, _, _, _, _, _): return name
        case let .batchNorm(name, _): return name
        case let .residual(name, _, _): return name
        case .relu, .maxPool, .flatten, .avgPool, .globalAvgPool: return nil
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
        try makeLayer(spec, label: label(of: spec, at: index), inputShape: inputShape)
    }

    /// Builds the layer that `spec` describes, naming it `label` in errors.
    static func makeLayer(_ spec: LayerSpec, label: String,
                          inputShape: [Int]) throws -> any Layer {
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
        case let .avgPool(kernel, stride):
            try checkPositive(["kernel": kernel, "stride": stride], label: label)
            let (height, width) = try planeSize(inputShape, channels: nil, label: label)
            guard height >= kernel, width >= kernel else {
                throw NetworkError("\(label) kernel \(kernel) does not fit the "
                    + "\(height)x\(width) input")
            }
            return AvgPoolLayer(channels: inputShape[0], height: height, width: width,
                                kernel: kernel, stride: stride)
        case .globalAvgPool:
            let (height, width) = try planeSize(inputShape, channels: nil, label: label)
            return GlobalAvgPoolLayer(channels: inputShape[0], height: height, width: width)
        case let .batchNorm(_, channels):
            try checkPositive(["channels": channels], label: label)
            let (height, width) = try planeSize(inputShape, channels: channels, label: label)
            return BatchNormLayer(channels: channels, height: height, width: width)
        case let .residual(_, body, shortcut):
            return try makeResidual(body: body, shortcut: shortcut, label: label,
                                    inputShape: inputShape)
        case .relu:
            return ReLULayer(shape: inputShape)
        case .flatten:
            return FlattenLayer(inputShape: inputShape)
        }
    }

    /// Builds a residual block, checking that its body and shortcut outputs have one shape.
    private static func makeResidual(body: [LayerSpec], shortcut: Shortcut, label: String,
                                     inputShape: [Int]) throws -> ResidualLayer {
        guard !body.isEmpty else { throw NetworkError("\(label) has an empty body") }
        try checkUniqueNames(body, in: label)
        var layers: [any Layer] = []
        var shape = inputShape
        for (index, spec) in body.enumerated() {
            let bodyLabel = "\(label) body \(Self.label(of: spec, at: index))"
            let layer = try makeLayer(spec, label: bodyLabel, inputShape: shape)
            layers.append(layer)
            shape = layer.outputShape
        }
        var shortcutLayers: [any Layer] = []
        var shortcutShape = inputShape
        if case let .projection(stride, _) = shortcut {
            try checkPositive(["shortcut stride": stride], label: label)
            let (height, width) = try planeSize(inputShape, channels: nil, label: label)
            guard shape.count == 3 else {
                throw NetworkError("\(label) body outputs shape \(shape), but a projection "
                    + "shortcut needs [channels, height, width]")
            }
            let geometry = ConvGeometry(channels: inputShape[0], height: height, width: width,
                                        kernel: 1, stride: stride, padding: 0)
            var conv = Conv2DLayer(geometry: geometry, outChannels: shape[0])
            conv.hasBias = false
            shortcutLayers.append(conv)
            if case .projection(_, true) = shortcut {
                shortcutLayers.append(BatchNormLayer(channels: shape[0],
                                                     height: conv.outputShape[1],
                                                     width: conv.outputShape[2]))
            }
            shortcutShape = conv.outputShape
        }
        try checkShortcut(shortcut, body: body, bodyShape: shape, shortcutShape: shortcutShape,
                          inputShape: inputShape, label: label)
        return ResidualLayer(body: layers, shortcutLayers: shortcutLayers,
                             addsInput: shortcut == .identity)
    }

    /// Checks that the shortcut's output has the body's shape, and that a projection's
    /// channels, which come from the body's declared channels, match the real ones.
    private static func checkShortcut(_ shortcut: Shortcut, body: [LayerSpec], bodyShape: [Int],
                                      shortcutShape: [Int], inputShape: [Int],
                                      label: String) throws {
        switch shortcut {
        case .none:
            return
        case .identity:
            guard bodyShape == inputShape else {
                throw NetworkError("\(label) body outputs shape \(bodyShape), but the identity "
                    + "shortcut gives its input shape \(inputShape); use a projection shortcut")
            }
        case .projection:
            let declared = LayerSpec.shortcutLayers(shortcut, body: body)[0]
            guard case let .conv2d(_, inChannels, outChannels, _, _, _) = declared,
                  inChannels == inputShape[0], outChannels == bodyShape[0] else {
                throw NetworkError("\(label) projection shortcut takes its channels from the "
                    + "body's first and last conv2d or batchnorm layers, which do not give "
                    + "\(inputShape[0]) in and \(bodyShape[0]) out")
            }
            guard bodyShape == shortcutShape else {
                throw NetworkError("\(label) body outputs shape \(bodyShape), but the "
                    + "projection shortcut gives \(shortcutShape); set its stride to the "
                    + "body's")
            }
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

    /// Checks that no two layers of one list share a name, since their tensors would share
    /// names too.
    ///
    /// - Parameters:
    ///   - block: The label of the residual block whose body `layers` is, or nil for the
    ///     network's own layers.
    static func checkUniqueNames(_ layers: [LayerSpec], in block: String?) throws {
        let prefix = block.map { "\($0) body " } ?? ""
        var firstIndex: [String: Int] = [:]
        for (index, spec) in layers.enumerated() {
            guard let name = spec.name else { continue }
            guard !name.isEmpty else {
                throw NetworkError("\(prefix)\(label(of: spec, at: index)) has an empty name")
            }
            if let earlier = firstIndex[name] {
                throw NetworkError("\(prefix)\(label(of: spec, at: index)) reuses the name of "
                    + label(of: layers[earlier], at: earlier))
            }
            firstIndex[name] = index
        }
    }

    /// Checks that no two tensors share a name, which distinct layer names alone do not
    /// ensure once blocks nest them: dense `a.b` and block `a` with body dense `b` both own
    /// `a.b.weight`.
    static func checkUniqueTensorNames(_ architecture: Architecture) throws {
        var owners: [String: Int] = [:]
        for (index, spec) in architecture.layers.enumerated() {
            for (name, _) in spec.parameterShapes + spec.bufferShapes {
                if let earlier = owners[name], earlier != index {
                    throw NetworkError("\(label(of: spec, at: index)) owns tensor \(name), "
                        + "which \(label(of: architecture.layers[earlier], at: earlier)) "
                        + "owns too")
                }
                owners[name] = index
            }
        }
    }
}
