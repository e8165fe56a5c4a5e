import Foundation

extension Network {
    /// Returns the mean loss over the batch and the exact product of its Hessian with
    /// `vector`, with BatchNorm in evaluation mode (running statistics fixed).
    ///
    /// This is Pearlmutter's R-operator ("Fast exact multiplication by the Hessian", 1994):
    /// a forward pass carries the directional derivative of every activation along `vector`,
    /// and a backward pass carries the directional derivative of every gradient. ReLU and
    /// max pooling act as linear maps with the pattern of the current point, so their second
    /// derivative counts as zero, as automatic differentiation of the gradient also gives.
    /// A kink that a finite step would cross is never counted. The batch runs in blocks of
    /// `trainingBlock` images whose products are weighted by their share of the batch, so
    /// the result is the mean over the samples. An empty batch gives a NaN loss and a zero
    /// product. NaN or infinite parameters or activations give NaN or infinite values.
    /// Stops the program when shapes disagree, as `lossAndGradients` does.
    ///
    /// - Parameters:
    ///   - vector: The direction, with the names and shapes of `parameters`.
    ///   - buffers: The BatchNorm running statistics; empty for a network without BatchNorm.
    /// - Returns: The loss and H·v, with the names, order and shapes of `parameters`.
    public func hessianVectorProduct(images: Tensor, labels: [Int32], parameters: Parameters,
                                     vector: Parameters, buffers: Parameters = Parameters())
        -> (loss: Double, product: Parameters) {
        let batch = checkImages(images)
        require(labels.count == batch, "\(labels.count) labels for \(batch) images")
        let values = layerParameters(parameters, buffers: buffers)
        let directions = layerParameters(vector, buffers: buffers)
        guard batch > 0 else { return (.nan, parameters.zeros()) }

        let sampleSize = architecture.inputShape.reduce(1, *)
        var lossSum = 0.0
        var sum: [[[Float]]] = []
        for start in stride(from: 0, to: batch, by: Self.trainingBlock) {
            let count = min(Self.trainingBlock, batch - start)
            let pixels = Array(images.data[(start * sampleSize)..<((start + count) * sampleSize)])
            let block = blockProduct(pixels: pixels, labels: Array(labels[start..<(start + count)]),
                                     values: values, directions: directions,
                                     weight: Float(count) / Float(batch))
            lossSum += block.loss * Double(count)
            accumulate(block.product, into: &sum)
        }
        return (lossSum / Double(batch), arrange(sum, like: parameters))
    }

    /// Returns one block's mean loss and each layer's share of H·v, weighted by `weight`.
    private func blockProduct(pixels: [Float], labels: [Int32], values: [[[Float]]],
                              directions: [[[Float]]], weight: Float)
        -> (loss: Double, product: [[[Float]]]) {
        let batch = labels.count
        let mean = architecture.inputMean, std = architecture.inputStd
        let input = pixels.map { ($0 - mean) / std }
        var records: [LayerRecord] = []
        var tangents: [RPass.Tangent] = []
        for (index, layer) in layers.enumerated() {
            let layerInput = records.last?.output ?? input
            records.append(layer.record(layerInput, batch: batch, parameters: values[index],
                                        mode: .evaluation))
            tangents.append(RPass.forward(layer, input: layerInput, record: records[index],
                                          tangent: tangents.last?.output, batch: batch,
                                          values: values[index],
                                          direction: directions[index]))
        }
        let logits = records.last!.output
        let loss = SoftmaxCrossEntropy.lossAndGradient(logits: logits, labels: labels,
                                                       classes: classCount)
        var gradient = loss.gradient.map { $0 * weight }
        var tangentGradient = softmaxTangentGradient(logits: logits,
                                                     tangent: tangents.last!.output,
                                                     batch: batch, weight: weight)
        var product = [[[Float]]](repeating: [], count: layers.count)
        for index in stride(from: layers.count - 1, through: firstParameterLayer, by: -1) {
            let step = RPass.backward(
                layers[index], input: index == 0 ? input : records[index - 1].output,
                record: records[index], tangent: index == 0 ? nil : tangents[index - 1].output,
                own: tangents[index],
                gradient: gradient, tangentGradient: tangentGradient, batch: batch,
                values: values[index], direction: directions[index],
                computeInputGradient: index > firstParameterLayer)
            product[index] = step.parameters
            gradient = step.gradient ?? []
            tangentGradient = step.tangentGradient ?? []
        }
        return (loss.loss, product)
    }

    /// Returns the directional derivative of the logit gradient of `weight` times the mean
    /// cross-entropy: `weight / batch · (diag(p) − p·pᵀ)·Rz` per sample, with p the softmax
    /// of the logits and Rz their directional derivative (zero when nil).
    private func softmaxTangentGradient(logits: [Float], tangent: [Float]?, batch: Int,
                                        weight: Float) -> [Float] {
        guard let tangent else { return [Float](repeating: 0, count: logits.count) }
        let classes = classCount
        var result = [Float](repeating: 0, count: logits.count)
        let scale = Double(weight) / Double(batch)
        for row in 0..<batch {
            let range = (row * classes)..<((row + 1) * classes)
            let top = logits[range].max()!
            let exponentials = logits[range].map { exp(Double($0 - top)) }
            let total = exponentials.reduce(0, +)
            let p = exponentials.map { $0 / total }
            var inner = 0.0
            for (offset, index) in range.enumerated() {
                inner += p[offset] * Double(tangent[index])
            }
            for (offset, index) in range.enumerated() {
                result[index] = Float(scale * p[offset] * (Double(tangent[index]) - inner))
            }
        }
        return result
    }

    private func accumulate(_ product: [[[Float]]], into sum: inout [[[Float]]]) {
        guard !sum.isEmpty else {
            sum = product
            return
        }
        for layer in sum.indices {
            for tensor in sum[layer].indices {
                for index in sum[layer][tensor].indices {
                    sum[layer][tensor][index] += product[layer][tensor][index]
                }
            }
        }
    }

    /// Arranges per-layer products as `Parameters` with the names and order of `template`.
    private func arrange(_ layerProducts: [[[Float]]], like template: Parameters) -> Parameters {
        var byName: [String: [Float]] = [:]
        for (names, products) in zip(parameterNames, layerProducts) {
            for (name, values) in zip(names, products) { byName[name] = values }
        }
        return Parameters(template.names.map { name in
            let shape = template[name]!.shape
            guard let values = byName[name] else { return (name, Tensor(zeros: shape)) }
            return (name, Tensor(shape: shape, data: values))
        })
    }
}
