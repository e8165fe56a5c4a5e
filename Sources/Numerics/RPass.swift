/// The forward and backward passes of Pearlmutter's R-operator through one layer: the
/// directional derivatives, along a parameter direction v, of its output and of its
/// gradients.
///
/// A "tangent" is the derivative of an activation along v. Nil stands for zero, which is
/// the tangent of the network input and of every layer before the first with parameters.
/// Dense, conv and BatchNorm layers compute `y = W·A(x) + b` with A affine in x (the
/// identity, or the normalization with fixed statistics), so their derivatives come from
/// their own passes run with the direction's tensors or with the bias and running mean set
/// to zero. ReLU and max pooling keep the pattern of the current point.
enum RPass {
    /// The tangent of a layer's output, with those of the layers inside a residual block
    /// (body layers, then shortcut layers) for the backward R-pass.
    struct Tangent {
        var output: [Float]?
        var nested: [Tangent] = []
    }

    /// Returns the tangent of the layer's output, given its input, record, input tangent,
    /// tensors (`values`) and the direction's tensors (`direction`, the same layout, with
    /// the running statistics of `values`).
    static func forward(_ layer: any Layer, input: [Float], record: LayerRecord,
                        tangent: [Float]?, batch: Int, values: [[Float]],
                        direction: [[Float]]) -> Tangent {
        if let block = layer as? ResidualLayer {
            return block.tangent(input: input, record: record, tangent: tangent, batch: batch,
                                 values: values, direction: direction)
        }
        return Tangent(output: plainForward(layer, input: input, tangent: tangent,
                                            batch: batch, values: values,
                                            direction: direction))
    }

    private static func plainForward(_ layer: any Layer, input: [Float], tangent: [Float]?,
                                     batch: Int, values: [[Float]],
                                     direction: [[Float]]) -> [Float]? {
        switch layer {
        case is DenseLayer, is Conv2DLayer, is BatchNormLayer:
            var output = layer.forward(input, batch: batch, parameters: direction)
            if let tangent {
                let linear = layer.forward(tangent, batch: batch,
                                           parameters: linearPart(layer, values))
                for index in output.indices { output[index] += linear[index] }
            }
            return output
        case is ReLULayer:
            guard let tangent else { return nil }
            return layer.backward(input: input, outputGradient: tangent, batch: batch,
                                  parameters: [], computeInputGradient: true).input
        case let pool as MaxPoolLayer:
            guard let tangent else { return nil }
            return pool.gather(tangent, selectedBy: input, batch: batch)
        case is FlattenLayer, is AvgPoolLayer, is GlobalAvgPoolLayer:
            guard let tangent else { return nil }
            return layer.forward(tangent, batch: batch, parameters: values)
        default:
            preconditionFailure("no R-operator for \(type(of: layer))")
        }
    }

    /// The result of one layer's backward R-pass.
    struct Step {
        /// The gradient with respect to the layer's input, nil when not requested.
        var gradient: [Float]?
        /// Its directional derivative, nil when not requested.
        var tangentGradient: [Float]?
        /// The directional derivative of each parameter gradient: the layer's rows of H·v.
        var parameters: [[Float]]
    }

    /// Runs the ordinary backward pass and its directional derivative through one layer,
    /// given the tangents of its input (`tangent`) and of its output (`own`).
    static func backward(_ layer: any Layer, input: [Float], record: LayerRecord,
                         tangent: [Float]?, own: Tangent, gradient: [Float],
                         tangentGradient: [Float],
                         batch: Int, values: [[Float]], direction: [[Float]],
                         computeInputGradient: Bool) -> Step {
        switch layer {
        case is DenseLayer, is Conv2DLayer, is BatchNormLayer:
            return bilinearBackward(layer, input: input, tangent: tangent, gradient: gradient,
                                    tangentGradient: tangentGradient, batch: batch,
                                    values: values, direction: direction,
                                    computeInputGradient: computeInputGradient)
        case is ReLULayer, is MaxPoolLayer, is FlattenLayer, is AvgPoolLayer,
             is GlobalAvgPoolLayer:
            guard computeInputGradient else { return Step(parameters: []) }
            func pass(_ outputGradient: [Float]) -> [Float]? {
                layer.backward(input: input, outputGradient: outputGradient, batch: batch,
                               parameters: values, computeInputGradient: true).input
            }
            return Step(gradient: pass(gradient), tangentGradient: pass(tangentGradient),
                        parameters: [])
        case let block as ResidualLayer:
            return block.tangentBackward(input: input, record: record, tangent: tangent,
                                         own: own, gradient: gradient,
                                         tangentGradient: tangentGradient,
                                         batch: batch, values: values, direction: direction,
                                         computeInputGradient: computeInputGradient)
        default:
            preconditionFailure("no R-operator for \(type(of: layer))")
        }
    }

    /// For `y = W·A(x) + b`: R{∂x} = Wᵀ·R{g} + Vᵀ·g, R{∂W} = R{g}·A(x)ᵀ + g·(linear part of
    /// A)(Rx)ᵀ, and R{∂b} = Σ R{g}.
    private static func bilinearBackward(_ layer: any Layer, input: [Float], tangent: [Float]?,
                                         gradient: [Float], tangentGradient: [Float],
                                         batch: Int, values: [[Float]], direction: [[Float]],
                                         computeInputGradient: Bool) -> Step {
        let ordinary = computeInputGradient
            ? layer.backward(input: input, outputGradient: gradient, batch: batch,
                             parameters: values, computeInputGradient: true).input
            : nil
        let first = layer.backward(input: input, outputGradient: tangentGradient, batch: batch,
                                   parameters: values,
                                   computeInputGradient: computeInputGradient)
        var parameters = first.parameters
        var tangentGradientOut = first.input
        if tangent != nil || computeInputGradient {
            let second = layer.backward(
                input: tangent ?? [Float](repeating: 0, count: input.count),
                outputGradient: gradient, batch: batch,
                parameters: linearPart(layer, direction),
                computeInputGradient: computeInputGradient)
            if tangent != nil { add(second.parameters[0], to: &parameters[0]) }
            if let extra = second.input { add(extra, to: &tangentGradientOut!) }
        }
        return Step(gradient: ordinary, tangentGradient: tangentGradientOut,
                    parameters: parameters)
    }

    /// Returns `tensors` with the additive parts set to zero: the bias of a dense or conv
    /// layer, and the shift and running mean of a BatchNorm, so the layer's forward pass
    /// computes W·(linear part of A)(x).
    static func linearPart(_ layer: any Layer, _ tensors: [[Float]]) -> [[Float]] {
        var result = tensors
        let additive = layer is BatchNormLayer ? [1, 2] : (tensors.count > 1 ? [1] : [])
        for index in additive {
            result[index] = [Float](repeating: 0, count: result[index].count)
        }
        return result
    }

    static func add(_ values: [Float], to sum: inout [Float]) {
        for index in sum.indices { sum[index] += values[index] }
    }
}

extension MaxPoolLayer {
    /// Returns, for each window, the value of `values` at the position that `input` selects
    /// in the forward pass: its first maximum in row-major order, or its first NaN.
    func gather(_ values: [Float], selectedBy input: [Float], batch: Int) -> [Float] {
        let planeSize = height * width
        var output = [Float](repeating: 0, count: batch * channels * outputHeight * outputWidth)
        var target = 0
        for planeIndex in 0..<(batch * channels) {
            let base = planeIndex * planeSize
            for row in 0..<outputHeight {
                for column in 0..<outputWidth {
                    output[target] = values[base + selected(in: input, base: base, row: row,
                                                            column: column)]
                    target += 1
                }
            }
        }
        return output
    }

    private func selected(in input: [Float], base: Int, row: Int, column: Int) -> Int {
        var best = (row * stride) * width + column * stride
        for i in 0..<kernel {
            for j in 0..<kernel {
                let index = (row * stride + i) * width + column * stride + j
                let value = input[base + index]
                if value.isNaN { return index }
                if value > input[base + best] { best = index }
            }
        }
        return best
    }
}
