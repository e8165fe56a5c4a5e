/// A residual block, `relu(body(x) + shortcut(x))`, with the final ReLU inside the block as
/// in He et al. (2016).
///
/// `shortcut` is the identity, a projection (a 1x1 conv without bias and an optional
/// BatchNorm) or nothing, the no-skip twin. The block's tensors are its children's in order
/// (body layers, then shortcut layers): all parameters first, then all buffers. NaN in
/// either branch stays NaN through the sum and the ReLU, whose gradient is zero there.
struct ResidualLayer: Layer {
    let body: [any Layer]
    /// The projection's conv and BatchNorm, or empty for the identity and for no shortcut.
    let shortcutLayers: [any Layer]
    /// Whether the input is added to the body's output (an identity shortcut).
    let addsInput: Bool

    /// The positions in the block's tensor list at which each child's parameters and
    /// buffers start.
    private let parameterStarts: [Int]
    private let bufferStarts: [Int]

    init(body: [any Layer], shortcutLayers: [any Layer], addsInput: Bool) {
        self.body = body
        self.shortcutLayers = shortcutLayers
        self.addsInput = addsInput
        let children = body + shortcutLayers
        parameterStarts = children.reduce(into: [0]) {
            $0.append($0.last! + $1.parameterShapes.count)
        }
        bufferStarts = children.reduce(into: [0]) { $0.append($0.last! + $1.bufferShapes.count) }
    }

    var inputShape: [Int] { body[0].inputShape }
    var outputShape: [Int] { body.last!.outputShape }
    var parameterShapes: [[Int]] { (body + shortcutLayers).flatMap(\.parameterShapes) }
    var bufferShapes: [[Int]] { (body + shortcutLayers).flatMap(\.bufferShapes) }

    private var children: [any Layer] { body + shortcutLayers }

    /// The block with its body and shortcut replaced by their inference plans, for
    /// `Network.logits` only, since the fused layers have no backward pass.
    ///
    /// A fused step lists the tensors of the layers it replaces, in their order, and those
    /// layers are neighbours, so the block's tensor list keeps its order and each child
    /// still finds its own.
    var inferenceForm: ResidualLayer {
        ResidualLayer(body: Network.inferenceLayers(body),
                      shortcutLayers: Network.inferenceLayers(shortcutLayers),
                      addsInput: addsInput)
    }

    /// Returns child `index`'s tensors, its parameters then its buffers, from the block's.
    private func tensors(ofChild index: Int, _ tensors: [[Float]]) -> [[Float]] {
        let parameterCount = parameterStarts.last!
        let parameters = tensors[parameterStarts[index]..<parameterStarts[index + 1]]
        let buffers = tensors.count > parameterCount
            ? tensors[(parameterCount + bufferStarts[index])..<(parameterCount
                + bufferStarts[index + 1])]
            : []
        return Array(parameters) + Array(buffers)
    }

    /// The largest activation of one sample inside the block.
    private var largestActivation: Int {
        children.map(\.outputCount).reduce(inputCount, max)
    }

    /// Two activation buffers for the children's outputs, then the children's scratch.
    func scratchCount(batch: Int) -> Int {
        2 * batch * largestActivation + children.map { $0.scratchCount(batch: batch) }
            .reduce(0, max)
    }

    func forward(_ input: UnsafePointer<Float>, batch: Int, parameters: [[Float]],
                 output: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        let first = scratch
        let second = scratch + batch * largestActivation
        let childScratch = second + batch * largestActivation
        var source = input
        for (index, layer) in body.enumerated() {
            let target = index == body.count - 1 ? output : (index % 2 == 0 ? first : second)
            layer.forward(source, batch: batch, parameters: tensors(ofChild: index, parameters),
                          output: target, scratch: childScratch)
            source = UnsafePointer(target)
        }
        var shortcut: UnsafePointer<Float>? = addsInput ? input : nil
        if !shortcutLayers.isEmpty {
            var shortcutSource = input
            for (offset, layer) in shortcutLayers.enumerated() {
                let target = offset % 2 == 0 ? first : second
                layer.forward(shortcutSource, batch: batch,
                              parameters: tensors(ofChild: body.count + offset, parameters),
                              output: target, scratch: childScratch)
                shortcutSource = UnsafePointer(target)
            }
            shortcut = shortcutSource
        }
        addAndRectify(output, shortcut, count: batch * outputCount)
    }

    /// Writes `max(output + shortcut, 0)`, or `max(output, 0)` without a shortcut, to
    /// `output` in one pass, NaN kept.
    private func addAndRectify(_ output: UnsafeMutablePointer<Float>,
                               _ shortcut: UnsafePointer<Float>?, count: Int) {
        guard let shortcut else {
            for index in 0..<count {
                let value = output[index]
                output[index] = value < 0 ? 0 : value
            }
            return
        }
        for index in 0..<count {
            let sum = output[index] + shortcut[index]
            output[index] = sum < 0 ? 0 : sum
        }
    }

    func record(_ input: [Float], batch: Int, parameters: [[Float]],
                mode: BatchNormMode) -> LayerRecord {
        var nested: [LayerRecord] = []
        var current = input
        for (index, layer) in body.enumerated() {
            nested.append(layer.record(current, batch: batch,
                                       parameters: tensors(ofChild: index, parameters),
                                       mode: mode))
            current = nested.last!.output
        }
        var shortcut = addsInput ? input : []
        for (offset, layer) in shortcutLayers.enumerated() {
            nested.append(layer.record(offset == 0 ? input : shortcut, batch: batch,
                                       parameters: tensors(ofChild: body.count + offset,
                                                           parameters),
                                       mode: mode))
            shortcut = nested.last!.output
        }
        let output = makeFloats(count: current.count) { output in
            for index in current.indices {
                let sum = shortcut.isEmpty ? current[index] : current[index] + shortcut[index]
                output[index] = sum < 0 ? 0 : sum
            }
        }
        let statistics = nested.flatMap(\.batchStatistics)
        return LayerRecord(output: output, nested: nested, batchStatistics: statistics)
    }

    func backward(input: [Float], outputGradient: [Float], batch: Int, parameters: [[Float]],
                  computeInputGradient: Bool) -> LayerGradients {
        let record = record(input, batch: batch, parameters: parameters, mode: .evaluation)
        return backward(input: input, record: record, outputGradient: outputGradient,
                        batch: batch, parameters: parameters, mode: .evaluation,
                        computeInputGradient: computeInputGradient)
    }

    func backward(input: [Float], record: LayerRecord, outputGradient: [Float], batch: Int,
                  parameters: [[Float]], mode: BatchNormMode,
                  computeInputGradient: Bool) -> LayerGradients {
        // The ReLU passes the gradient where its output is positive, as `ReLULayer` does.
        let sumGradient = makeFloats(count: outputGradient.count) { gradient in
            for index in outputGradient.indices {
                let value = outputGradient[index]
                gradient[index] = record.output[index] > 0 ? value : 0
            }
        }
        var childGradients = [[[Float]]](repeating: [], count: children.count)
        var inputGradient = backward(through: Array(body.indices), input: input, record: record,
                                     gradient: sumGradient, parameters: parameters, mode: mode,
                                     batch: batch, computeInputGradient: computeInputGradient,
                                     into: &childGradients)
        if addsInput, inputGradient != nil {
            for index in inputGradient!.indices { inputGradient![index] += sumGradient[index] }
        } else if !shortcutLayers.isEmpty {
            let indices = Array(body.count..<children.count)
            let shortcutGradient = backward(
                through: indices, input: input, record: record, gradient: sumGradient,
                parameters: parameters, mode: mode, batch: batch,
                computeInputGradient: computeInputGradient, into: &childGradients)
            if let shortcutGradient, inputGradient != nil {
                for index in shortcutGradient.indices {
                    inputGradient![index] += shortcutGradient[index]
                }
            }
        }
        return LayerGradients(input: inputGradient, parameters: childGradients.flatMap { $0 })
    }

    /// Runs the backward pass through the chain of children at `indices`, whose first child
    /// reads `input`, storing each child's parameter gradients in `childGradients`, and
    /// returns the gradient with respect to `input`.
    private func backward(through indices: [Int], input: [Float], record: LayerRecord,
                          gradient: [Float], parameters: [[Float]], mode: BatchNormMode,
                          batch: Int, computeInputGradient: Bool,
                          into childGradients: inout [[[Float]]]) -> [Float]? {
        var gradient: [Float]? = gradient
        for (position, index) in indices.enumerated().reversed() {
            let childInput = position == 0 ? input : record.nested[indices[position - 1]].output
            let result = children[index].backward(
                input: childInput, record: record.nested[index], outputGradient: gradient!,
                batch: batch, parameters: tensors(ofChild: index, parameters), mode: mode,
                computeInputGradient: position > 0 || computeInputGradient)
            childGradients[index] = result.parameters
            gradient = result.input
        }
        return gradient
    }
}
