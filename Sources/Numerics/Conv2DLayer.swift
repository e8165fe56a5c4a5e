import VectorKernels

/// A 2-D cross-correlation with stride and zero padding, as PyTorch's `Conv2d` computes it.
///
/// The weight has shape `[outChannels, inChannels, kernel, kernel]`. With stride 1 on a
/// processor that runs the vector kernels, the forward pass is a `VectorConvolution`: the
/// Winograd transform for 3x3 kernels on several input channels, a direct kernel otherwise.
/// Otherwise, and in the backward pass, images are unfolded by im2col in blocks, whose size
/// bounds the column buffer, and the forward pass is one `sgemm` of `[O, C·k²] × [C·k², P]`
/// per image, with `P` output positions, written straight into NCHW order. NaN and infinity
/// spread through both as IEEE arithmetic does.
struct Conv2DLayer: Layer {
    let geometry: ConvGeometry
    let outChannels: Int

    /// Whether the layer adds a bias `[outChannels]`, its second parameter. Without one, as
    /// in a residual block's projection shortcut, the outputs start from zero.
    var hasBias = true

    /// The largest column buffer, in floats, that a block of images may fill. A single image
    /// whose columns exceed it gets a block of its own. The default, 2^20 floats (4 MiB),
    /// bounds the workspace at any batch size while each product stays thousands of columns
    /// wide.
    var columnBufferLimit = 1 << 20

    /// Whether the forward pass may use the vector kernels. Tests turn it off to compare
    /// them with the im2col path.
    var allowsDirect = true

    /// Whether the vector path may use the Winograd transform for 3x3 kernels. Tests turn it
    /// off to compare it with the direct kernel.
    var allowsWinograd = true

    /// The ReLU and max pool the forward pass applies after the convolution, which only the
    /// inference plan sets, and only when `direct` exists. Training and the backward pass see
    /// the separate layers.
    var outputStage = DirectConvolution.OutputStage.plain

    /// The vector kernel for this layer, when one applies here.
    var direct: VectorConvolution? {
        guard allowsDirect, geometry.stride == 1, CPUFeatures.supportsVectorKernels else {
            return nil
        }
        return VectorConvolution(channels: geometry.channels, height: geometry.height,
                                 width: geometry.width, outChannels: outChannels,
                                 kernel: geometry.kernel, padding: geometry.padding,
                                 stage: outputStage, allowsWinograd: allowsWinograd)
    }

    var inputShape: [Int] { [geometry.channels, geometry.height, geometry.width] }

    var outputShape: [Int] {
        if outputStage == .reluMaxPool, let direct { return direct.outputShape }
        return [outChannels, geometry.outputHeight, geometry.outputWidth]
    }

    var parameterShapes: [[Int]] {
        let weight = [outChannels, geometry.channels, geometry.kernel, geometry.kernel]
        return hasBias ? [weight, [outChannels]] : [weight]
    }

    /// Images per im2col block for a batch of `batch`.
    func blockSize(batch: Int) -> Int {
        let perImage = max(1, geometry.patchSize * geometry.outputPositions)
        return max(1, min(batch, columnBufferLimit / perImage))
    }

    /// Room for the direct convolution's buffers, or for the column matrix of one block of
    /// images.
    func scratchCount(batch: Int) -> Int {
        if let direct { return direct.scratchCount }
        return geometry.patchSize * blockSize(batch: batch) * geometry.outputPositions
    }

    func forward(_ input: UnsafePointer<Float>, batch: Int, parameters: [[Float]],
                 output: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        let block = blockSize(batch: batch)
        let bias = hasBias ? parameters[1] : [Float](repeating: 0, count: outChannels)
        parameters[0].withUnsafeBufferPointer { weight in
            bias.withUnsafeBufferPointer { bias in
                if let direct {
                    direct.run(input, images: batch, weight: weight.baseAddress!,
                               bias: bias.baseAddress!, output: output, scratch: scratch)
                    return
                }
                for start in stride(from: 0, to: batch, by: block) {
                    let images = min(block, batch - start)
                    geometry.im2col(input + start * geometry.imageSize, images: images,
                                    into: scratch)
                    for image in 0..<images {
                        multiply(columnsOf: image, in: scratch, images: images,
                                 weight: weight.baseAddress!, bias: bias.baseAddress!,
                                 into: output + (start + image) * outputCount)
                    }
                }
            }
        }
    }

    /// Writes one image's output `W · columns + b` in `[O, P]` order, reading its columns
    /// from the block's column matrix.
    ///
    /// One product per image, written in place, took about 25% less time than one product
    /// per block followed by a reordering copy into NCHW. The copy cost more than the smaller
    /// products lose (blocks of 32 images, 1x28x28 CNN, one AMD EPYC core).
    private func multiply(columnsOf image: Int, in columns: UnsafePointer<Float>, images: Int,
                          weight: UnsafePointer<Float>, bias: UnsafePointer<Float>,
                          into output: UnsafeMutablePointer<Float>) {
        let positions = geometry.outputPositions
        for channel in 0..<outChannels {
            (output + channel * positions).update(repeating: bias[channel], count: positions)
        }
        BLAS.gemm(m: outChannels, n: positions, k: geometry.patchSize,
                  a: weight, lda: geometry.patchSize,
                  b: columns + image * positions, ldb: images * positions,
                  beta: 1, c: output, ldc: positions)
    }

    /// Copies a block of output gradients from NCHW order `[n, O, P]` to `[O, n·P]`.
    private func gather(_ gradient: UnsafePointer<Float>, images: Int,
                        into gathered: UnsafeMutablePointer<Float>) {
        let positions = geometry.outputPositions
        for channel in 0..<outChannels {
            for image in 0..<images {
                let source = gradient + (image * outChannels + channel) * positions
                let target = gathered + (channel * images + image) * positions
                target.update(from: source, count: positions)
            }
        }
    }

    func backward(input: [Float], outputGradient: [Float], batch: Int, parameters: [[Float]],
                  computeInputGradient: Bool) -> LayerGradients {
        let positions = geometry.outputPositions
        let block = blockSize(batch: batch)
        let workspace = BackwardWorkspace(geometry: geometry, outChannels: outChannels,
                                          images: block, needsInputColumns: computeInputGradient)
        defer { workspace.deallocate() }

        var weightGradient = [Float](repeating: 0, count: outChannels * geometry.patchSize)
        var biasSums = [Double](repeating: 0, count: outChannels)
        var inputGradient: [Float]? = computeInputGradient
            ? [Float](repeating: 0, count: batch * geometry.imageSize) : nil

        input.withUnsafeBufferPointer { x in
            outputGradient.withUnsafeBufferPointer { dy in
                for start in stride(from: 0, to: batch, by: block) {
                    let images = min(block, batch - start)
                    gather(dy.baseAddress! + start * outChannels * positions,
                           images: images, into: workspace.gathered)
                    addRowSums(workspace.gathered, length: images * positions, into: &biasSums)
                    geometry.im2col(x.baseAddress! + start * geometry.imageSize,
                                    images: images, into: workspace.columns)
                    addWeightGradient(workspace, images: images, into: &weightGradient)
                    if inputGradient != nil {
                        addInputGradient(workspace, images: images, weight: parameters[0],
                                         into: &inputGradient!, at: start)
                    }
                }
            }
        }
        let gradients = hasBias ? [weightGradient, biasSums.map { Float($0) }] : [weightGradient]
        return LayerGradients(input: inputGradient, parameters: gradients)
    }

    /// Adds one block's `dW = dY · columnsᵀ` to `weightGradient`.
    private func addWeightGradient(_ workspace: BackwardWorkspace, images: Int,
                                   into weightGradient: inout [Float]) {
        let width = images * geometry.outputPositions
        weightGradient.withUnsafeMutableBufferPointer { dw in
            BLAS.gemm(transposeB: true, m: outChannels, n: geometry.patchSize, k: width,
                      a: workspace.gathered, lda: width, b: workspace.columns, ldb: width,
                      beta: 1, c: dw.baseAddress!, ldc: geometry.patchSize)
        }
    }

    /// Adds one block's input gradient, `col2im(Wᵀ · dY)`, to `inputGradient` from image
    /// `start` on.
    private func addInputGradient(_ workspace: BackwardWorkspace, images: Int, weight: [Float],
                                  into inputGradient: inout [Float], at start: Int) {
        let width = images * geometry.outputPositions
        let inputColumns = workspace.inputColumns!
        weight.withUnsafeBufferPointer { w in
            BLAS.gemm(transposeA: true, m: geometry.patchSize, n: width, k: outChannels,
                      a: w.baseAddress!, lda: geometry.patchSize,
                      b: workspace.gathered, ldb: width, c: inputColumns, ldc: width)
        }
        inputGradient.withUnsafeMutableBufferPointer { dx in
            geometry.col2im(inputColumns, images: images,
                            addingInto: dx.baseAddress! + start * geometry.imageSize)
        }
    }

    /// Adds the sum of each row of `[outChannels, length]` to `sums`, in Double.
    private func addRowSums(_ matrix: UnsafePointer<Float>, length: Int,
                            into sums: inout [Double]) {
        for channel in 0..<outChannels {
            let row = matrix + channel * length
            var sum = 0.0
            for index in 0..<length { sum += Double(row[index]) }
            sums[channel] += sum
        }
    }
}

/// Scratch buffers for one backward pass of a `Conv2DLayer`, sized for one block of images.
private struct BackwardWorkspace {
    /// The im2col columns of the block's input, `[C·k², n·P]`.
    let columns: UnsafeMutablePointer<Float>
    /// The block's output gradient in `[O, n·P]` order.
    let gathered: UnsafeMutablePointer<Float>
    /// The input gradient in column form, `[C·k², n·P]`, when it is requested.
    let inputColumns: UnsafeMutablePointer<Float>?

    init(geometry: ConvGeometry, outChannels: Int, images: Int, needsInputColumns: Bool) {
        let columnCount = geometry.patchSize * images * geometry.outputPositions
        columns = .allocate(capacity: columnCount)
        gathered = .allocate(capacity: outChannels * images * geometry.outputPositions)
        inputColumns = needsInputColumns ? .allocate(capacity: columnCount) : nil
    }

    func deallocate() {
        columns.deallocate()
        gathered.deallocate()
        inputColumns?.deallocate()
    }
}
