import VectorKernels

/// One step of the inference path: a layer, and which entry of the per-layer parameter list
/// it reads.
struct InferenceStep {
    let layer: any Layer
    let parameterIndex: Int
}

extension Network {
    /// The layers `logits` runs, with each convolution that has a direct path taking over the
    /// ReLU, or ReLU and 2x2 max pool with stride 2, right after it.
    ///
    /// The fused step computes the same values as the separate layers without writing and
    /// reading the unpooled activations again; on the sample CNN those two passes took about
    /// a fifth of the time of a cell. Layers inside residual blocks are left as they are.
    static func inferencePlan(_ layers: [any Layer]) -> [InferenceStep] {
        var steps: [InferenceStep] = []
        var index = 0
        while index < layers.count {
            guard var conv = layers[index] as? Conv2DLayer, conv.direct != nil,
                  index + 1 < layers.count, layers[index + 1] is ReLULayer
            else {
                steps.append(InferenceStep(layer: layers[index], parameterIndex: index))
                index += 1
                continue
            }
            let pooled = index + 2 < layers.count && isTwoByTwoPool(layers[index + 2])
            conv.outputStage = pooled ? .reluMaxPool : .relu
            steps.append(InferenceStep(layer: conv, parameterIndex: index))
            index += pooled ? 3 : 2
        }
        return steps
    }

    /// Whether `layer` is a max pool of 2x2 windows moved by 2.
    private static func isTwoByTwoPool(_ layer: any Layer) -> Bool {
        guard let pool = layer as? MaxPoolLayer else { return false }
        return pool.kernel == 2 && pool.stride == 2
    }
}
