/// A feed-forward network built from an `Architecture`, ready to run with any parameter set
/// of matching names and shapes.
///
/// A network has no mutable state and allocates its workspaces per call, so several threads
/// may call `forward`, `lossAndGradients` and `evaluate` at once, each with its own
/// `Parameters`. The conformance is `@unchecked` only because `Architecture` and the layer
/// types are not declared `Sendable`; all of them are immutable after `init`.
public final class Network: @unchecked Sendable {
    public let architecture: Architecture

    /// Per-sample output shape after each layer, in layer order.
    public let outputShapes: [[Int]]

    let layers: [any Layer]

    /// The steps `logits` runs: `layers` with some of them fused.
    let inferenceSteps: [InferenceStep]

    /// Tensor names each layer reads, in the order of its `parameterShapes`.
    let parameterNames: [[String]]

    /// Buffer names each layer reads, in the order of its `bufferShapes`.
    let bufferNames: [[String]]

    /// Whether any layer has buffers, so that training mode differs from evaluation mode.
    public var hasBatchNorm: Bool { bufferNames.contains { !$0.isEmpty } }

    /// The index of the first layer with parameters (`layers.count` when none has any). The
    /// backward pass stops there, since no parameter needs the gradient of its input.
    let firstParameterLayer: Int

    /// The number of classes, the size of the last layer's flat output.
    public var classCount: Int { outputShapes.last![0] }

    /// Builds and checks the layers of `architecture`.
    ///
    /// Layers are numbered from 0 in messages, in the order of `architecture.layers`.
    ///
    /// - Throws: `NetworkError` when the input shape or normalization is invalid or when
    ///   layers do not chain ("layer 4 (dense fc1) expects 1568 inputs, gets 784"). It also
    ///   rejects a kernel, stride or size that is not positive, two layers with one name (or
    ///   one tensor name), and a last layer whose output is not a flat vector of class scores.
    public init(architecture: Architecture) throws {
        try Self.checkInput(of: architecture)
        try Self.checkUniqueNames(architecture.layers, in: nil)
        try Self.checkUniqueTensorNames(architecture)
        var layers: [any Layer] = []
        var shape = architecture.inputShape
        for (index, spec) in architecture.layers.enumerated() {
            let layer = try Self.makeLayer(spec, at: index, inputShape: shape)
            layers.append(layer)
            shape = layer.outputShape
        }
        guard shape.count == 1 else {
            let lastIndex = layers.count - 1
            let label = Self.label(of: architecture.layers[lastIndex], at: lastIndex)
            throw NetworkError("the last layer, \(label), outputs shape \(shape); expected a "
                + "flat vector of class scores, such as a dense layer gives")
        }
        self.architecture = architecture
        self.layers = layers
        inferenceSteps = Self.inferencePlan(layers)
        outputShapes = layers.map(\.outputShape)
        parameterNames = architecture.layers.map { $0.parameterShapes.map(\.0) }
        bufferNames = architecture.layers.map { $0.bufferShapes.map(\.0) }
        firstParameterLayer = layers.firstIndex { !$0.parameterShapes.isEmpty } ?? layers.count
    }

    /// Returns the logits `[N, classes]` for raw pixels `[N, C, H, W]` in [0, 1], with
    /// BatchNorm in evaluation mode.
    ///
    /// Applies `(x − mean) / std` first. NaN or infinite pixels or parameters give NaN or
    /// infinite logits. Stops the program when the image shape does not match the
    /// architecture or a parameter or buffer is missing or has the wrong shape.
    ///
    /// - Parameters:
    ///   - buffers: The BatchNorm running statistics; empty for a network without BatchNorm.
    public func forward(_ images: Tensor, parameters: Parameters,
                        buffers: Parameters = Parameters()) -> Tensor {
        let batch = checkImages(images)
        let values = layerParameters(parameters, buffers: buffers)
        let logits = images.data.withUnsafeBufferPointer {
            self.logits(pixels: $0, batch: batch, parameters: values)
        }
        return Tensor(shape: [batch, classCount], data: logits)
    }

    /// Returns the mean softmax cross-entropy over the batch, the number of correct top-1
    /// predictions, and the gradients of the mean loss with respect to every tensor of
    /// `parameters`, with the same names, order and shapes, with BatchNorm in evaluation
    /// mode.
    ///
    /// This is the loss that `forward` and `evaluate` compute, so it is the one to
    /// differentiate on a landscape. Tensors that no layer reads get zero gradients. An
    /// empty batch gives a NaN loss and zero gradients. A NaN or infinite loss gives NaN
    /// gradients, not a trap. Stops the program when the shapes disagree, a buffer is
    /// missing or a label is outside `0..<classCount`.
    ///
    /// - Parameters:
    ///   - buffers: The BatchNorm running statistics; empty for a network without BatchNorm.
    public func lossAndGradients(images: Tensor, labels: [Int32], parameters: Parameters,
                                 buffers: Parameters = Parameters())
        -> (loss: Double, correct: Int, gradients: Parameters) {
        let result = blockedLossAndGradients(images: images, labels: labels,
                                             parameters: parameters, buffers: buffers,
                                             mode: .evaluation)
        return (result.loss, result.correct, result.gradients)
    }

    /// Returns what `lossAndGradients` does, but with BatchNorm in training mode, and the
    /// running statistics updated by this batch.
    ///
    /// Each BatchNorm normalizes with its batch mean and biased variance over the whole
    /// batch, and the gradients flow through those statistics. The new buffers are
    /// `(1 − 0.1)·running + 0.1·batch`, with the unbiased batch variance, as PyTorch's
    /// `BatchNorm2d` updates them, and have the names and order of `buffers`. For a network
    /// without BatchNorm this is `lossAndGradients` and `buffers` comes back unchanged. An
    /// empty batch gives a NaN loss, zero gradients and unchanged buffers. A NaN or infinite
    /// input makes the running statistics of the channels it reaches NaN or infinite.
    ///
    /// - Parameters:
    ///   - buffers: The running statistics before this batch, such as `initialBuffers()`.
    public func trainingLossAndGradients(images: Tensor, labels: [Int32],
                                         parameters: Parameters, buffers: Parameters)
        -> (loss: Double, correct: Int, gradients: Parameters, buffers: Parameters) {
        let result = blockedLossAndGradients(images: images, labels: labels,
                                             parameters: parameters, buffers: buffers,
                                             mode: .training)
        let updated = updatedBuffers(buffers, batchStatistics: result.batchStatistics)
        return (result.loss, result.correct, result.gradients, updated)
    }

    /// Runs forward and backward passes over blocks of the batch and sums the results.
    ///
    /// In training mode a network with BatchNorm runs the whole batch as one block, because
    /// its statistics are over the whole batch.
    private func blockedLossAndGradients(
        images: Tensor, labels: [Int32], parameters: Parameters, buffers: Parameters,
        mode: BatchNormMode
    ) -> (loss: Double, correct: Int, gradients: Parameters, batchStatistics: [[[Float]]]) {
        let batch = checkImages(images)
        require(labels.count == batch, "\(labels.count) labels for \(batch) images")
        let values = layerParameters(parameters, buffers: buffers)
        guard batch > 0 else { return (.nan, 0, parameters.zeros(), []) }

        // NOTE: one block keeps every activation of the batch. For the built-in resnet that
        // is about 450,000 floats (1.8 MB) per image by count of its layer outputs, so a
        // batch of 4096 needs about 7.4 GB.
        let blockSize = mode == .training && hasBatchNorm ? batch : Self.trainingBlock
        let sampleSize = architecture.inputShape.reduce(1, *)
        var lossSum = 0.0
        var correct = 0
        var layerGradients: [[[Float]]] = []
        var statistics: [[[Float]]] = []
        images.data.withUnsafeBufferPointer { pixels in
            for start in stride(from: 0, to: batch, by: blockSize) {
                let count = min(blockSize, batch - start)
                let block = blockGradients(
                    pixels: UnsafeBufferPointer(rebasing: pixels[(start * sampleSize)...]
                        .prefix(count * sampleSize)),
                    labels: Array(labels[start..<(start + count)]), parameters: values,
                    weight: Float(count) / Float(batch), mode: mode)
                lossSum += block.loss * Double(count)
                correct += block.correct
                add(block.gradients, to: &layerGradients)
                statistics = block.batchStatistics
            }
        }
        let gradients = collect(layerGradients, like: parameters)
        return (lossSum / Double(batch), correct, gradients, statistics)
    }

    /// Returns `buffers` with each running statistic moved towards its batch statistic by
    /// `BatchNormLayer.momentum`, computed in Double.
    private func updatedBuffers(_ buffers: Parameters,
                                batchStatistics: [[[Float]]]) -> Parameters {
        var updated = buffers
        let momentum = BatchNormLayer.momentum
        for (names, statistics) in zip(bufferNames, batchStatistics) {
            for (name, batchValues) in zip(names, statistics) {
                updated.modifyValues(of: name) { running in
                    for index in running.indices {
                        running[index] = Float((1 - momentum) * Double(running[index])
                            + momentum * Double(batchValues[index]))
                    }
                }
            }
        }
        return updated
    }

    /// Images per forward and backward pass on the training path. Gradients are summed over
    /// the blocks of a batch, so memory for activations stays bounded at any batch size
    /// (batch 4096 would otherwise keep about 710 MB for the 1x28x28 CNN). At batch 128 on
    /// one AMD EPYC core, blocks of 16 to 128 images ran within 10% of each other.
    static let trainingBlock = 32

    /// Returns one block's mean loss, its correct count, each layer's parameter gradients
    /// of `weight` times the block's mean loss, and each layer's batch statistics.
    private func blockGradients(pixels: UnsafeBufferPointer<Float>, labels: [Int32],
                                parameters: [[[Float]]], weight: Float, mode: BatchNormMode)
        -> (loss: Double, correct: Int, gradients: [[[Float]]], batchStatistics: [[[Float]]]) {
        let batch = labels.count
        let input = makeFloats(count: pixels.count) { normalize(pixels, into: $0) }
        var records = self.records(input: input, batch: batch, parameters: parameters,
                                   mode: mode)
        let statistics = records.map(\.batchStatistics)
        let (loss, correct, logitGradient) = SoftmaxCrossEntropy.lossAndGradient(
            logits: records.last!.output, labels: labels, classes: classCount)

        var layerGradients = [[[Float]]](repeating: [], count: layers.count)
        var outputGradient = logitGradient.map { $0 * weight }
        for index in stride(from: layers.count - 1, through: firstParameterLayer, by: -1) {
            let gradients = layers[index].backward(
                input: index == 0 ? input : records[index - 1].output, record: records[index],
                outputGradient: outputGradient, batch: batch, parameters: parameters[index],
                mode: mode, computeInputGradient: index > firstParameterLayer)
            records[index] = LayerRecord(output: [])
            layerGradients[index] = gradients.parameters
            outputGradient = gradients.input ?? []
        }
        return (loss, correct, layerGradients, statistics)
    }

    /// Adds per-layer gradients to a running sum. An empty sum takes them as they are.
    private func add(_ gradients: [[[Float]]], to sum: inout [[[Float]]]) {
        guard !sum.isEmpty else {
            sum = gradients
            return
        }
        for layer in sum.indices {
            for tensor in sum[layer].indices {
                sum[layer][tensor].withUnsafeMutableBufferPointer { total in
                    gradients[layer][tensor].withUnsafeBufferPointer { values in
                        for index in 0..<total.count { total[index] += values[index] }
                    }
                }
            }
        }
    }

    /// Checks the per-sample shape of `images` and returns the batch size.
    func checkImages(_ images: Tensor) -> Int {
        require(images.rank == 4 && Array(images.shape.dropFirst()) == architecture.inputShape,
                "images of shape \(images.shape) do not match the network input "
                    + "[N] + \(architecture.inputShape)")
        return images.shape[0]
    }

    /// Writes `(x − mean) / std` for every pixel to `output`.
    private func normalize(_ pixels: UnsafeBufferPointer<Float>,
                           into output: UnsafeMutablePointer<Float>) {
        let mean = architecture.inputMean
        let std = architecture.inputStd
        for index in 0..<pixels.count { output[index] = (pixels[index] - mean) / std }
    }

    /// Images per pass through all layers on the inference path. Small blocks keep each
    /// block's activations in cache between layers, while the products stay large enough
    /// for sgemm. With the im2col convolutions, blocks of 8 to 32 images of the 1x28x28 CNN
    /// took about 57 ms per 1000 images on one AMD EPYC core, 64 took 75 ms and 500 took
    /// 130 ms. With the vector kernels, whose activations are pooled before they are
    /// stored, 64 took about 2% less CPU time than 32 and the same as 128.
    static let inferenceBlock = 64

    /// Returns the logits for `batch` images.
    ///
    /// Runs the layers on blocks of `inferenceBlock` images through two activation buffers
    /// and one scratch buffer, allocated once per call. Every layer treats samples
    /// independently, so the result is the same as one pass over the whole batch.
    func logits(pixels: UnsafeBufferPointer<Float>, batch: Int,
                parameters: [[[Float]]]) -> [Float] {
        let sampleSize = architecture.inputShape.reduce(1, *)
        let block = max(1, min(batch, Self.inferenceBlock))
        let layers = inferenceSteps.map(\.layer)
        let stepParameters = inferenceSteps.map { step in
            step.layers.flatMap { parameters[$0] }
        }
        let activationCount = block * layers.map(\.outputCount).reduce(sampleSize, max)
        let scratchCount = layers.map { $0.scratchCount(batch: block) }.reduce(1, max)
        var source = UnsafeMutablePointer<Float>.allocate(capacity: activationCount)
        var target = UnsafeMutablePointer<Float>.allocate(capacity: activationCount)
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: scratchCount)
        defer {
            source.deallocate()
            target.deallocate()
            scratch.deallocate()
        }
        return makeFloats(count: batch * classCount) { output in
            for start in stride(from: 0, to: batch, by: block) {
                let images = min(block, batch - start)
                normalize(UnsafeBufferPointer(rebasing: pixels[(start * sampleSize)...]
                    .prefix(images * sampleSize)), into: source)
                for (step, values) in zip(inferenceSteps, stepParameters) {
                    step.layer.forward(source, batch: images, parameters: values,
                                       output: target, scratch: scratch)
                    swap(&source, &target)
                }
                (output + start * classCount).update(from: source, count: images * classCount)
            }
        }
    }

    /// Returns every layer's record of the forward pass from the normalized `input`, for
    /// the backward pass.
    private func records(input: [Float], batch: Int, parameters: [[[Float]]],
                         mode: BatchNormMode) -> [LayerRecord] {
        var records: [LayerRecord] = []
        for (layer, values) in zip(layers, parameters) {
            records.append(layer.record(records.last?.output ?? input, batch: batch,
                                        parameters: values, mode: mode))
        }
        return records
    }

    /// Arranges per-layer gradients as a `Parameters` with the names and order of `template`.
    private func collect(_ layerGradients: [[[Float]]], like template: Parameters) -> Parameters {
        var byName: [String: [Float]] = [:]
        for (names, gradients) in zip(parameterNames, layerGradients) {
            for (name, gradient) in zip(names, gradients) { byName[name] = gradient }
        }
        return Parameters(template.names.map { name in
            let shape = template[name]!.shape
            guard let gradient = byName[name] else { return (name, Tensor(zeros: shape)) }
            return (name, Tensor(shape: shape, data: gradient))
        })
    }
}
