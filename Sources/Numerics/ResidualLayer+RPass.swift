extension ResidualLayer {
    /// Returns the tangent of the block's output: the ReLU pattern of the block applied to
    /// the sum of the body's and the shortcut's tangents.
    func tangent(input: [Float], record: LayerRecord, tangent: [Float]?, batch: Int,
                 values: [[Float]], direction: [[Float]]) -> RPass.Tangent {
        let tangents = childTangents(input: input, record: record, tangent: tangent,
                                     batch: batch, values: values, direction: direction)
        var sum = tangents[body.count - 1].output
        let shortcut = addsInput
            ? tangent : (shortcutLayers.isEmpty ? nil : tangents.last!.output)
        if let shortcut {
            if sum == nil { sum = [Float](repeating: 0, count: shortcut.count) }
            RPass.add(shortcut, to: &sum!)
        }
        guard var result = sum else { return RPass.Tangent(output: nil, nested: tangents) }
        for index in result.indices where !(record.output[index] > 0) { result[index] = 0 }
        return RPass.Tangent(output: result, nested: tangents)
    }

    /// Runs the ordinary backward pass and its directional derivative through the block.
    func tangentBackward(input: [Float], record: LayerRecord, tangent: [Float]?,
                         own: RPass.Tangent, gradient: [Float], tangentGradient: [Float],
                         batch: Int, values: [[Float]], direction: [[Float]],
                         computeInputGradient: Bool) -> RPass.Step {
        let mask = { (values: [Float]) in
            (0..<values.count).map { record.output[$0] > 0 ? values[$0] : 0 }
        }
        var step = RPass.Step(gradient: mask(gradient), tangentGradient: mask(tangentGradient),
                              parameters: [])
        var products = [[[Float]]](repeating: [], count: body.count + shortcutLayers.count)
        let chain = Chain(block: self, input: input, record: record, tangent: tangent,
                          tangents: own.nested, batch: batch, values: childTensors(values),
                          directions: childTensors(direction))
        var result = chain.backward(Array(body.indices), step, computeInputGradient,
                                    into: &products)
        if addsInput, computeInputGradient {
            RPass.add(step.gradient!, to: &result.gradient!)
            RPass.add(step.tangentGradient!, to: &result.tangentGradient!)
        } else if !shortcutLayers.isEmpty {
            step = chain.backward(Array(body.count..<products.count), step,
                                  computeInputGradient, into: &products)
            if computeInputGradient {
                RPass.add(step.gradient!, to: &result.gradient!)
                RPass.add(step.tangentGradient!, to: &result.tangentGradient!)
            }
        }
        result.parameters = products.flatMap { $0 }
        return result
    }

    /// Returns the tangent of every child's output, body children then shortcut children.
    private func childTangents(input: [Float], record: LayerRecord, tangent: [Float]?,
                               batch: Int, values: [[Float]],
                               direction: [[Float]]) -> [RPass.Tangent] {
        let childValues = childTensors(values), childDirections = childTensors(direction)
        var tangents: [RPass.Tangent] = []
        for chain in [Array(body.indices), Array(body.count..<childValues.count)] {
            var current = tangent
            for (position, index) in chain.enumerated() {
                let childInput = position == 0 ? input : record.nested[chain[position - 1]].output
                tangents.append(RPass.forward(children(index), input: childInput,
                                              record: record.nested[index], tangent: current,
                                              batch: batch, values: childValues[index],
                                              direction: childDirections[index]))
                current = tangents.last!.output
            }
        }
        return tangents
    }

    fileprivate func children(_ index: Int) -> any Layer {
        index < body.count ? body[index] : shortcutLayers[index - body.count]
    }

    /// Splits the block's tensors (all children's parameters, then all their buffers) into
    /// each child's parameters followed by its buffers.
    fileprivate func childTensors(_ tensors: [[Float]]) -> [[[Float]]] {
        let children = body + shortcutLayers
        let parameterCount = children.reduce(0) { $0 + $1.parameterShapes.count }
        let hasBuffers = tensors.count > parameterCount
        var parameterStart = 0, bufferStart = parameterCount
        return children.map { child in
            let parameters = child.parameterShapes.count, buffers = child.bufferShapes.count
            defer {
                parameterStart += parameters
                bufferStart += buffers
            }
            let own = Array(tensors[parameterStart..<(parameterStart + parameters)])
            return own + (hasBuffers ? Array(tensors[bufferStart..<(bufferStart + buffers)]) : [])
        }
    }
}

/// One chain of a residual block's children (the body or the projection shortcut), for the
/// backward R-pass.
private struct Chain {
    let block: ResidualLayer
    let input: [Float]
    let record: LayerRecord
    let tangent: [Float]?
    let tangents: [RPass.Tangent]
    let batch: Int
    let values: [[[Float]]]
    let directions: [[[Float]]]

    /// Runs the backward R-pass through the children at `indices`, the first of which reads
    /// the block's input, storing each child's products in `products`.
    func backward(_ indices: [Int], _ step: RPass.Step, _ computeInputGradient: Bool,
                  into products: inout [[[Float]]]) -> RPass.Step {
        var current = step
        for (position, index) in indices.enumerated().reversed() {
            let previous = position == 0 ? nil : indices[position - 1]
            let result = RPass.backward(
                block.children(index), input: previous.map { record.nested[$0].output } ?? input,
                record: record.nested[index],
                tangent: previous.map { tangents[$0].output } ?? tangent, own: tangents[index],
                gradient: current.gradient!, tangentGradient: current.tangentGradient!,
                batch: batch, values: values[index], direction: directions[index],
                computeInputGradient: position > 0 || computeInputGradient)
            products[index] = result.parameters
            current = RPass.Step(gradient: result.gradient, tangentGradient: result.tangentGradient,
                                 parameters: [])
        }
        return current
    }
}
