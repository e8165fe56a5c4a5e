import Numerics

/// The surface function with the first weighted layer's products computed once.
///
/// A dense or conv layer is linear in its weights, so its output at θ + αδ + βη is
/// `L(X; W₀) + α·L(X; δ) + β·L(X; η) + b(α, β)`, where `L(X; W)` is the layer without bias
/// applied to the fixed input X. The three products are computed once, and each point then
/// costs two scaled additions per stored value plus the layers after the first weighted one.
/// The bias is taken from the moved parameters, so it stays at θ's bias when the ignore rule
/// zeroes its direction, and moves as b·(1 + α + β) when it does not.
///
/// The identity is exact in real arithmetic. In float32 the sums are rounded in another
/// order than the plain path's, so values may differ from `SurfaceFunction` in the last
/// bits, at (0, 0) too.
///
/// Applies when the first layer with weights is dense or conv2d and every layer before it
/// is parameter-free (flatten, ReLU, pooling), which makes its input fixed. The stored
/// products take 3·samples·(first layer's outputs per sample) floats, and the shortcut
/// returns nil when that exceeds a cap: for the sample CNN (16x28x28 outputs) 1,000 samples
/// need 150 MB, 10,000 samples 1.5 GB.
public struct FirstLayerShortcut {
    /// The default cap on the stored products, 256 MiB: room for the interactive 1,000
    /// samples of every sample model.
    public static let defaultMaxProductBytes = 256 << 20

    /// Samples combined and passed through the later layers at a time. The combined block
    /// (1.6 MB for the sample CNN) is small enough to stay in the L2 or L3 cache until the
    /// next layer reads it, and the same size as the inference path's blocks.
    static let chunkSize = 32

    private let function: SurfaceFunction
    private let layerName: String
    /// The first weighted layer's output shape per sample, as the later layers read it.
    private let hiddenShape: [Int]
    private let suffix: Network
    private let products: (center: [Float], delta: [Float], eta: [Float])

    /// Returns the bytes the three products of `function` would take, or nil when its
    /// architecture has no first layer that the shortcut applies to.
    public static func productBytes(_ function: SurfaceFunction) -> Int? {
        let layers = function.network.architecture.layers
        guard let index = layers.firstIndex(where: { !$0.parameterShapes.isEmpty }),
              linearLayerName(layers[index]) != nil
        else { return nil }
        let perSample = function.network.outputShapes[index].reduce(1, *)
        return 3 * function.samples.count * perSample * MemoryLayout<Float>.size
    }

    /// Computes the three products, or returns nil when the architecture does not fit (see
    /// the type's summary) or the products would take more than `maxProductBytes`.
    public init?(_ function: SurfaceFunction,
                 maxProductBytes: Int = FirstLayerShortcut.defaultMaxProductBytes) {
        let network = function.network
        let layers = network.architecture.layers
        guard let bytes = Self.productBytes(function), bytes <= maxProductBytes,
              let index = layers.firstIndex(where: { !$0.parameterShapes.isEmpty }),
              let name = Self.linearLayerName(layers[index])
        else { return nil }
        let outputs = network.outputShapes[index]
        guard let prefix = try? Network(architecture: Self.prefix(network.architecture, index)),
              let suffix = try? Network(architecture: Self.suffix(layers, after: index,
                                                                  outputs: outputs))
        else { return nil }

        self.function = function
        layerName = name
        hiddenShape = suffix.architecture.inputShape
        self.suffix = suffix
        func product(_ parameters: Parameters) -> [Float] {
            let weight = Parameters([("shortcut.weight", parameters[name + ".weight"]!),
                                     ("shortcut.bias", Tensor(zeros: [outputs[0]]))])
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
        let bias = parameters[layerName + ".bias"]!.data
        let samples = function.samples
        var lossSum = 0.0
        var correct = 0.0
        for start in stride(from: 0, to: samples.count, by: Self.chunkSize) {
            let count = min(Self.chunkSize, samples.count - start)
            let hidden = combine(samples: start..<(start + count), alpha: alpha, beta: beta,
                                 bias: bias)
            let chunk = Dataset(images: Tensor(shape: [count] + hiddenShape, data: hidden),
                                labels: Array(samples.labels[start..<(start + count)]),
                                classCount: samples.classCount)
            let metrics = evaluate(suffix, parameters: parameters, buffers: function.buffers,
                                   on: chunk, batchSize: count)
            lossSum += metrics.loss * Double(count)
            correct += (metrics.accuracy * Double(count)).rounded()
        }
        let total = Double(samples.count)
        return PointValue(loss: Float(lossSum / total), accuracy: Float(correct / total))
    }

    /// Returns `bias + (W₀-product + (α·δ-product + β·η-product))` for `range` of samples,
    /// with one bias value per output channel (per output for a dense layer).
    private func combine(samples range: Range<Int>, alpha: Float, beta: Float,
                         bias: [Float]) -> [Float] {
        let perSample = hiddenShape.reduce(1, *)
        let channelSize = perSample / hiddenShape[0]
        let first = range.lowerBound * perSample
        return [Float](unsafeUninitializedCapacity: range.count * perSample) { hidden, count in
            products.center.withUnsafeBufferPointer { center in
                products.delta.withUnsafeBufferPointer { delta in
                    products.eta.withUnsafeBufferPointer { eta in
                        for sample in 0..<range.count {
                            for channel in 0..<hiddenShape[0] {
                                let offset = sample * perSample + channel * channelSize
                                let b = bias[channel]
                                for index in offset..<(offset + channelSize) {
                                    let moved = alpha * delta[first + index]
                                        + beta * eta[first + index]
                                    hidden[index] = b + (center[first + index] + moved)
                                }
                            }
                        }
                    }
                }
            }
            count = range.count * perSample
        }
    }

    /// Returns the name of a dense or conv2d layer, or nil for any other layer.
    private static func linearLayerName(_ layer: LayerSpec) -> String? {
        switch layer {
        case let .dense(name, _, _): return name
        case let .conv2d(name, _, _, _, _, _): return name
        default: return nil
        }
    }

    /// Returns the network up to the first weighted layer, which is renamed `shortcut`, and
    /// a flatten after a conv layer.
    private static func prefix(_ architecture: Architecture, _ index: Int) -> Architecture {
        var layers = Array(architecture.layers[...index])
        switch layers[index] {
        case let .dense(_, inputs, outputs):
            layers[index] = .dense(name: "shortcut", inputs: inputs, outputs: outputs)
        case let .conv2d(_, inChannels, outChannels, kernel, stride, padding):
            layers[index] = .conv2d(name: "shortcut", inChannels: inChannels,
                                    outChannels: outChannels, kernel: kernel, stride: stride,
                                    padding: padding)
            // A network must end in a flat vector; flattening keeps the NCHW order.
            layers.append(.flatten)
        default:
            break
        }
        return Architecture(inputShape: architecture.inputShape,
                            inputMean: architecture.inputMean, inputStd: architecture.inputStd,
                            layers: layers)
    }

    /// Returns the layers after the first weighted one, reading its outputs. A dense layer's
    /// flat outputs are read as `[outputs, 1, 1]` images and flattened again. Mean 0 and
    /// std 1 leave the values as they are.
    private static func suffix(_ layers: [LayerSpec], after index: Int,
                               outputs: [Int]) -> Architecture {
        let rest = Array(layers[(index + 1)...])
        if outputs.count == 1 {
            return Architecture(inputShape: [outputs[0], 1, 1], inputMean: 0, inputStd: 1,
                                layers: [.flatten] + rest)
        }
        return Architecture(inputShape: outputs, inputMean: 0, inputStd: 1, layers: rest)
    }
}
