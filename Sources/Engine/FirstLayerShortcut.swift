import Numerics

/// The surface function with the first dense layer's products computed once.
///
/// The first dense layer is linear in its weights, so X·(W₀ + αδ + βη)ᵀ = X·W₀ᵀ + α·X·δᵀ +
/// β·X·ηᵀ. The three products are computed once, and each point then costs three scaled
/// additions of `[samples, outputs]` values plus the layers after the first dense one.
/// The identity is exact in real arithmetic. In float32 the sums are rounded in another
/// order than the plain path's, so values may differ from `SurfaceFunction` in the last
/// bits, at (0, 0) too.
///
/// Applies only when every layer before the first dense layer is a flatten. The stored
/// products take 3·samples·outputs floats.
public struct FirstLayerShortcut {
    private let function: SurfaceFunction
    private let dense: (name: String, outputs: Int)
    private let suffix: Network
    private let products: (center: [Float], delta: [Float], eta: [Float])

    /// Computes the three products, or returns nil when the architecture does not start
    /// with flatten layers and a dense layer.
    public init?(_ function: SurfaceFunction) {
        let layers = function.network.architecture.layers
        guard let first = layers.firstIndex(where: { $0.typeName != "flatten" }),
              case let .dense(name, inputs, outputs) = layers[first],
              let prefix = try? Network(architecture: Self.prefix(function, inputs, outputs)),
              let suffix = try? Network(architecture: Self.suffix(layers, after: first,
                                                                  outputs: outputs))
        else { return nil }
        self.function = function
        self.dense = (name, outputs)
        self.suffix = suffix
        func product(_ parameters: Parameters) -> [Float] {
            let weight = Parameters([("shortcut.weight", parameters[name + ".weight"]!),
                                     ("shortcut.bias", Tensor(zeros: [outputs]))])
            return prefix.forward(function.samples.images, parameters: weight).data
        }
        products = (product(function.center), product(function.delta), product(function.eta))
    }

    /// Evaluates the mean loss and accuracy at `point`, as `SurfaceFunction` does up to
    /// float32 rounding.
    public func callAsFunction(_ point: SurfacePoint) -> PointValue {
        let alpha = Float(point.alpha), beta = Float(point.beta)
        let parameters = function.center.offset(by: [(alpha, function.delta),
                                                     (beta, function.eta)])
        let bias = parameters[dense.name + ".bias"]!.data
        var hidden = products.center
        for index in hidden.indices {
            let moved = alpha * products.delta[index] + beta * products.eta[index]
            hidden[index] = bias[index % dense.outputs] + (hidden[index] + moved)
        }
        let samples = function.samples
        let data = Dataset(images: Tensor(shape: [samples.count, dense.outputs, 1, 1],
                                          data: hidden),
                           labels: samples.labels, classCount: samples.classCount)
        let metrics = evaluate(suffix, parameters: parameters, buffers: function.buffers,
                               on: data, batchSize: function.batchSize)
        return PointValue(loss: Float(metrics.loss), accuracy: Float(metrics.accuracy))
    }

    /// Returns the network up to the first dense layer, renamed `shortcut`, without its bias.
    private static func prefix(_ function: SurfaceFunction, _ inputs: Int,
                               _ outputs: Int) -> Architecture {
        let architecture = function.network.architecture
        return Architecture(
            inputShape: architecture.inputShape, inputMean: architecture.inputMean,
            inputStd: architecture.inputStd,
            layers: [.flatten, .dense(name: "shortcut", inputs: inputs, outputs: outputs)])
    }

    /// Returns the layers after the first dense one, which read its outputs as
    /// `[outputs, 1, 1]` images. Mean 0 and std 1 leave the values as they are.
    private static func suffix(_ layers: [LayerSpec], after index: Int,
                               outputs: Int) -> Architecture {
        Architecture(inputShape: [outputs, 1, 1], inputMean: 0, inputStd: 1,
                     layers: [.flatten] + layers[(index + 1)...])
    }
}
