extension Network {
    /// Checks that `parameters` contains every tensor the layers read, with the right shape.
    ///
    /// Extra tensors are allowed; the network ignores them.
    ///
    /// - Throws: `NetworkError` naming the first missing or mis-shaped tensor.
    public func validate(_ parameters: Parameters) throws {
        for (spec, index) in zip(architecture.layers, architecture.layers.indices) {
            for (name, shape) in spec.parameterShapes {
                guard let tensor = parameters[name] else {
                    throw NetworkError("parameter \(name) of \(Self.label(of: spec, at: index)) "
                        + "is missing")
                }
                guard tensor.shape == shape else {
                    throw NetworkError("parameter \(name) has shape \(tensor.shape), but "
                        + "\(Self.label(of: spec, at: index)) expects \(shape)")
                }
            }
        }
    }

    /// Returns each layer's parameter values in the order of its `parameterShapes`, stopping
    /// the program when `validate` would throw.
    func layerParameters(_ parameters: Parameters) -> [[[Float]]] {
        do {
            try validate(parameters)
        } catch {
            fatalError("\(error)")
        }
        return parameterNames.map { names in names.map { parameters[$0]!.data } }
    }

    /// Returns He-normal weights and zero biases, drawn from `SeededGenerator(seed:)`.
    ///
    /// Each weight is `N(0, 2 / fan_in)` with `fan_in` the inputs of a dense layer or
    /// `inChannels · kernel²` of a conv layer. Tensors are drawn in layer order from one
    /// generator, so a seed gives the same parameters on every machine.
    public func initialParameters(seed: UInt64) -> Parameters {
        var generator = SeededGenerator(seed: seed)
        var parameters = Parameters()
        for spec in architecture.layers {
            for (name, shape) in spec.parameterShapes {
                guard shape.count > 1 else {
                    parameters[name] = Tensor(zeros: shape)
                    continue
                }
                let fanIn = shape.dropFirst().reduce(1, *)
                let std = Float((2.0 / Double(fanIn)).squareRoot())
                let values = generator.gaussians(count: shape.reduce(1, *)).map { $0 * std }
                parameters[name] = Tensor(shape: shape, data: values)
            }
        }
        return parameters
    }
}
