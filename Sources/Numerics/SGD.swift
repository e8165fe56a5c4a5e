/// Stochastic gradient descent with momentum and L2 weight decay, as PyTorch's `optim.SGD`
/// computes it with zero dampening and no Nesterov term.
///
/// Per tensor: `g ← g + wd·θ`, `v ← μ·v + g` (with `v = g` on the first step), `θ ← θ − lr·v`.
/// Weight decay applies to every tensor, biases included, as PyTorch does by default. NaN or
/// infinite gradients make the parameters and the velocity NaN or infinite; nothing traps.
public struct SGD {
    public var learningRate: Float
    public var momentum: Float
    public var weightDecay: Float

    /// The momentum buffer per tensor name, empty before the first step.
    private var velocity: [String: [Float]] = [:]

    public init(learningRate: Float, momentum: Float, weightDecay: Float) {
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
    }

    /// Updates every tensor of `parameters` by one step.
    ///
    /// `gradients` must have a tensor of the same size for every name in `parameters`; the
    /// program stops otherwise.
    public mutating func step(_ parameters: inout Parameters, gradients: Parameters) {
        for name in parameters.names {
            guard let gradient = gradients[name]?.data else {
                fatalError("SGD step: no gradient for parameter \(name)")
            }
            let isFirstStep = velocity[name] == nil
            var buffer = velocity.removeValue(forKey: name)
                ?? [Float](repeating: 0, count: gradient.count)
            parameters.modifyValues(of: name) { values in
                require(values.count == gradient.count && buffer.count == gradient.count,
                        "SGD step: gradient of \(name) has \(gradient.count) values, "
                            + "parameter has \(values.count)")
                update(&values, velocity: &buffer, gradient: gradient, isFirstStep: isFirstStep)
            }
            velocity[name] = buffer
        }
    }

    private func update(_ values: inout [Float], velocity: inout [Float], gradient: [Float],
                        isFirstStep: Bool) {
        let decay = weightDecay
        let rate = learningRate
        let mu = momentum
        // Without momentum, or on the first step, v = g exactly: computing 0·v + g instead
        // would turn an infinite v from an earlier step into NaN.
        let usesBuffer = !isFirstStep && momentum != 0
        values.withUnsafeMutableBufferPointer { theta in
            velocity.withUnsafeMutableBufferPointer { v in
                gradient.withUnsafeBufferPointer { g in
                    for index in 0..<theta.count {
                        let step = g[index] + decay * theta[index]
                        v[index] = usesBuffer ? mu * v[index] + step : step
                        theta[index] -= rate * v[index]
                    }
                }
            }
        }
    }
}
