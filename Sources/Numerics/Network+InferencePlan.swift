import VectorKernels

/// One step of the inference path: a layer, and the layers of the list it stands for, whose
/// tensors it reads in order.
struct InferenceStep {
    let layer: any Layer
    let layers: Range<Int>
}

extension Network {
    /// The layers `logits` runs. Each convolution that has a vector kernel takes over the
    /// evaluation-mode BatchNorm, ReLU, and 2x2 max pool with stride 2 that follow it, as far
    /// as they come in that order, and each residual block runs its `inferenceForm`.
    ///
    /// The fused step computes the same values as the separate layers without writing and
    /// reading the intermediate activations again. On the sample CNN the ReLU and pool
    /// passes took about a fifth of the time of a cell.
    static func inferencePlan(_ layers: [any Layer]) -> [InferenceStep] {
        var steps: [InferenceStep] = []
        var index = 0
        while index < layers.count {
            let step = fusedStep(layers, at: index)
                ?? InferenceStep(layer: inferenceForm(of: layers[index]), layers: index..<index + 1)
            steps.append(step)
            index = step.layers.upperBound
        }
        return steps
    }

    /// The layers of `inferencePlan(layers)`, for a residual block's body and shortcut.
    static func inferenceLayers(_ layers: [any Layer]) -> [any Layer] {
        inferencePlan(layers).map(\.layer)
    }

    /// Returns the step of the convolution at `index` with the layers it takes over, or nil
    /// when it is no convolution with a vector kernel or takes over nothing.
    ///
    /// A pool takes part only after a ReLU, because `OutputStage` pools rectified values. A
    /// BatchNorm followed by a pool alone keeps the pool as a step of its own.
    private static func fusedStep(_ layers: [any Layer], at index: Int) -> InferenceStep? {
        guard var conv = layers[index] as? Conv2DLayer, conv.direct != nil else { return nil }
        var end = index + 1
        let batchNorm = end < layers.count ? layers[end] as? BatchNormLayer : nil
        if batchNorm != nil { end += 1 }
        if end < layers.count, layers[end] is ReLULayer {
            let pooled = end + 1 < layers.count && isTwoByTwoPool(layers[end + 1])
            conv.outputStage = pooled ? .reluMaxPool : .relu
            end += pooled ? 2 : 1
        }
        guard end > index + 1 else { return nil }
        guard let batchNorm else { return InferenceStep(layer: conv, layers: index..<end) }
        guard let fused = ConvBatchNormLayer(conv: conv, batchNorm: batchNorm) else { return nil }
        return InferenceStep(layer: fused, layers: index..<end)
    }

    /// `layer`, or the inference form of a residual block.
    private static func inferenceForm(of layer: any Layer) -> any Layer {
        guard let block = layer as? ResidualLayer else { return layer }
        return block.inferenceForm
    }

    /// Whether `layer` is a max pool of 2x2 windows moved by 2.
    private static func isTwoByTwoPool(_ layer: any Layer) -> Bool {
        guard let pool = layer as? MaxPoolLayer else { return false }
        return pool.kernel == 2 && pool.stride == 2
    }
}
