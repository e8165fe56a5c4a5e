extension Network {
    /// Checks that `parameters` and `buffers` contain every tensor the layers read, with the
    /// right shape.
    ///
    /// Extra tensors are allowed; the network ignores them.
    ///
    /// - Throws: `NetworkError` naming the first missing or mis-shaped tensor.
    public func validate(_ parameters: Parameters, buffers: Parameters = Parameters()) throws {
        for (spec, index) in zip(architecture.layers, architecture.layers.indices) {
            let label = Self.label(of: spec, at: index)
            try check(spec.parameterShapes, in: parameters, kind: "parameter", label: label)
            try check(spec.bufferShapes, in: buffers, kind: "buffer", label: label)
        }
    }

    private func check(_ shapes: [(String, [Int])], in tensors: Parameters, kind: String,
                       label: String) throws {
        for (name, shape) in shapes {
            guard let tensor = tensors[name] else {
                throw NetworkError("\(kind) \(name) of \(label) is missing")
            }
            guard tensor.shape == shape else {
                throw NetworkError("\(kind) \(name) has shape \(tensor.shape), but \(label) "
                    + "expects \(shape)")
            }
        }
    }

    /// Returns each layer's parameter values in the order of its `parameterShapes`, followed
    /// by its buffer values, stopping the program when `validate` would throw.
    func layerParameters(_ parameters: Parameters,
                         buffers: Parameters = Parameters()) -> [[[Float]]] {
        do {
            try validate(parameters, buffers: buffers)
        } catch {
            fatalError("\(error)")
        }
        return zip(parameterNames, bufferNames).map { names, bufferNames in
            names.map { parameters[$0]!.data } + bufferNames.map { buffers[$0]!.data }
        }
    }

    /// Returns He-normal weights, zero biases, and BatchNorm scales of one and shifts of
    /// zero, with weights drawn from `SeededGenerator(seed:)`.
    ///
    /// Each weight is `N(0, 2 / fan_in)` with `fan_in` the inputs of a dense layer or
    /// `inChannels · kernel²` of a conv layer. Tensors are drawn in layer order from one
    /// generator, so a seed gives the same parameters on every machine. One-dimensional
    /// tensors draw nothing, and only a BatchNorm has a one-dimensional `.weight`.
    public func initialParameters(seed: UInt64) -> Parameters {
        var generator = SeededGenerator(seed: seed)
        var parameters = Parameters()
        for (name, shape) in architecture.parameterShapes {
            guard shape.count > 1 else {
                let value: Float = name.hasSuffix(".weight") ? 1 : 0
                parameters[name] = Tensor(shape: shape, data: [Float](
                    repeating: value, count: shape.reduce(1, *)))
                continue
            }
            let fanIn = shape.dropFirst().reduce(1, *)
            let std = Float((2.0 / Double(fanIn)).squareRoot())
            let values = generator.gaussians(count: shape.reduce(1, *)).map { $0 * std }
            parameters[name] = Tensor(shape: shape, data: values)
        }
        return parameters
    }

    /// Returns the running statistics of an untrained network: means of zero and variances
    /// of one, as PyTorch initializes them. Empty for a network without BatchNorm.
    public func initialBuffers() -> Parameters {
        Parameters(architecture.bufferShapes.map { name, shape in
            let value: Float = name.hasSuffix(".running_var") ? 1 : 0
            return (name, Tensor(shape: shape, data: [Float](repeating: value,
                                                              count: shape.reduce(1, *))))
        })
    }
}
