/// A 3x3 stride-1 convolution by Winograd's minimal filtering F(2x2, 3x3), which computes
/// each 2x2 block of outputs from a 4x4 block of input with 16 products per channel pair
/// instead of 36.
///
/// With `B`, `G` and `A` the transform matrices of F(2x2, 3x3), written out in the transform
/// functions below, a 2x2 output block is `Aᵀ [Σ_c (G g_c Gᵀ) ⊙ (Bᵀ d_c B)] A`. The weights
/// and every input block are transformed once. The 16 element-wise sums over input channels
/// are then 16 matrix products, and the output transform adds a few values per block. The
/// products run on the register tiles of `DirectConvolution`, so multiplications drop 2.25
/// times for the cost of the transforms.
///
/// The entries of the transforms are 0, ±1 and ±1/2, so the values differ from a direct
/// convolution only in float rounding. The transforms mix the 16 inputs of a block, though,
/// so an infinite or NaN input or weight would spread to outputs whose window does not see
/// it, and a transformed entry adds up to four inputs, so values near the float maximum
/// could overflow where a direct convolution does not. (With 16 input channels, inputs
/// scaled to 1e38 gave NaN in 43% of the outputs.) A block of images whose largest input
/// times the largest weight could come near the maximum, or that holds a non-finite value,
/// goes through `DirectConvolution` instead, which keeps IEEE propagation exact.
public struct WinogradConvolution: Sendable {
    public let channels: Int
    public let height: Int
    public let width: Int
    public let outChannels: Int
    public let padding: Int
    public let stage: DirectConvolution.OutputStage
    let tiles: ChannelTiles

    /// Images transformed together, so that the products are a few hundred columns wide
    /// while the transformed blocks stay in the level-2 cache.
    static let imagesPerBlock = 4

    public init(channels: Int, height: Int, width: Int, outChannels: Int, padding: Int,
                stage: DirectConvolution.OutputStage = .plain) {
        self.channels = channels
        self.height = height
        self.width = width
        self.outChannels = outChannels
        self.padding = padding
        self.stage = stage
        tiles = ChannelTiles(outChannels: outChannels)
    }

    /// The direct convolution of the same layer, for blocks with non-finite values.
    var fallback: DirectConvolution {
        DirectConvolution(channels: channels, height: height, width: width,
                          outChannels: outChannels, kernel: 3, padding: padding, stage: stage)
    }

    public var outputShape: [Int] { fallback.outputShape }

    var outputHeight: Int { height + 2 * padding - 2 }
    var outputWidth: Int { width + 2 * padding - 2 }

    /// Output blocks per column and per row of an image.
    var tileRows: Int { (outputHeight + 1) / 2 }
    var tileColumns: Int { (outputWidth + 1) / 2 }
    var tilesPerImage: Int { tileRows * tileColumns }

    /// Block columns rounded up to whole vectors.
    var vectorColumns: Int { (tileColumns + 7) / 8 * 8 }

    /// Each padded input plane is stored as two half planes, its even and its odd columns,
    /// so that the four columns `2b ... 2b + 3` of block `b` are entries `b` and `b + 1` of
    /// each half, which vector loads read side by side. A half row has the `tileColumns + 1`
    /// values and room for the last vector load.
    var halfRow: Int { vectorColumns + 8 }
    var paddedRows: Int { 2 * tileRows + 2 }
    var halfPlane: Int { paddedRows * halfRow }

    /// Columns of the products for a block of images, rounded up to whole register tiles,
    /// with room for the last vector store of a row of blocks.
    var blockColumns: Int {
        (Self.imagesPerBlock * tilesPerImage + 8 + 15) / 16 * 16
    }

    private var transformedWeightCount: Int { 16 * tiles.paddedCount * channels }
    private var transformedInputCount: Int { 16 * channels * blockColumns }
    private var productCount: Int { 16 * tiles.paddedCount * blockColumns + 8 }

    /// Four rows of `vectorColumns` floats: one row of 2x2 output blocks.
    private var rowsCount: Int { 4 * vectorColumns }

    public var scratchCount: Int {
        let own = transformedWeightCount + tiles.paddedCount + channels * 2 * halfPlane
            + rowsCount + transformedInputCount + productCount
        return max(own, fallback.scratchCount)
    }

    /// Writes the convolution of `images` consecutive `[C, H, W]` images to `output`, one
    /// `outputShape` per image, starting from `bias` and passing through `affine`, when
    /// given, and then `stage`.
    ///
    /// `weight` is `[O, C, 3, 3]` as PyTorch stores it. The affine step follows the output
    /// transform, so a non-finite scale or shift needs no fallback.
    @inline(never)
    public func run(_ input: UnsafePointer<Float>, images: Int, weight: UnsafePointer<Float>,
                    bias: UnsafePointer<Float>, affine: ChannelAffine? = nil,
                    output: UnsafeMutablePointer<Float>,
                    scratch: UnsafeMutablePointer<Float>) {
        if let affine {
            precondition(affine.scale.count == outChannels,
                         "\(affine.scale.count) affine channels for \(outChannels) outputs")
        }
        let imageSize = channels * height * width
        let outputSize = outputShape.reduce(1, *)
        let weightMagnitude = largestMagnitude(weight, count: outChannels * channels * 9)
        guard weightMagnitude.isFinite, largestMagnitude(bias, count: outChannels).isFinite
        else {
            fallback.run(input, images: images, weight: weight, bias: bias, affine: affine,
                         output: output, scratch: scratch)
            return
        }
        let transformed = scratch
        let zeros = transformed + transformedWeightCount
        let padded = zeros + tiles.paddedCount
        let rows = padded + channels * 2 * halfPlane
        let inputs = rows + rowsCount
        let products = inputs + transformedInputCount
        transformWeights(weight, into: transformed)
        zeros.update(repeating: 0, count: tiles.paddedCount)
        padded.update(repeating: 0, count: channels * 2 * halfPlane)
        for start in stride(from: 0, to: images, by: Self.imagesPerBlock) {
            let count = min(Self.imagesPerBlock, images - start)
            let first = input + start * imageSize
            guard isSafe(largestMagnitude(first, count: count * imageSize), weightMagnitude)
            else {
                // Scratch is free again: the weights are transformed anew after this block.
                fallback.run(first, images: count, weight: weight, bias: bias, affine: affine,
                             output: output + start * outputSize, scratch: scratch)
                transformWeights(weight, into: transformed)
                zeros.update(repeating: 0, count: tiles.paddedCount)
                padded.update(repeating: 0, count: channels * 2 * halfPlane)
                continue
            }
            for image in 0..<count {
                copyInterior(first + image * imageSize, into: padded)
                transformInput(padded, into: inputs, firstColumn: image * tilesPerImage)
            }
            let sweep = TileSweep(channels: channels, planeStride: blockColumns, rowLength: 0,
                                  side: 1, outputStride: blockColumns)
            for element in 0..<16 {
                sweepTiles(sweep, side: SideOne.self, tiles: tiles, positions: blockColumns,
                           input: inputs + element * channels * blockColumns,
                           weights: transformed + element * tiles.paddedCount * channels,
                           perChannel: channels, initial: zeros,
                           output: products + element * tiles.paddedCount * blockColumns)
            }
            for image in 0..<count {
                transformOutput(products, image: image, bias: bias, affine: affine, rows: rows,
                                into: output + (start + image) * outputSize)
            }
        }
    }

    /// Whether inputs up to `input` in magnitude and weights up to `weight` keep every
    /// transformed value and product far below the float maximum: a transformed input is at
    /// most 4 times the largest input, a transformed weight at most 4 times the largest
    /// weight, and an output sums 16 products per channel. False for NaN or infinity.
    private func isSafe(_ input: Float, _ weight: Float) -> Bool {
        let bound = Double(input) * Double(weight) * 256 * Double(channels)
        return bound < 1e36
    }

    /// The largest `|x|` of `count` values, NaN when one is NaN.
    ///
    /// With the sign bit cleared, the bit patterns of floats order as their magnitudes, and
    /// every NaN pattern lies above infinity, so one integer maximum over the patterns finds
    /// both.
    private func largestMagnitude(_ values: UnsafePointer<Float>, count: Int) -> Float {
        let mask = SIMD8<UInt32>(repeating: 0x7fff_ffff)
        var lanes = SIMD8<UInt32>()
        var index = 0
        let raw = UnsafeRawPointer(values)
        while index + 8 <= count {
            let bits = raw.loadUnaligned(fromByteOffset: 4 * index, as: SIMD8<UInt32>.self)
            lanes = pointwiseMax(lanes, bits & mask)
            index += 8
        }
        var largest = lanes.max()
        while index < count {
            largest = max(largest, values[index].bitPattern & 0x7fff_ffff)
            index += 1
        }
        return Float(bitPattern: largest)
    }

    /// Writes `G g Gᵀ` of every `[O, C]` kernel in register-tile order: for element `e` of
    /// the 4x4 block, tile by tile, `[C][tile channels]`.
    private func transformWeights(_ weight: UnsafePointer<Float>,
                                  into transformed: UnsafeMutablePointer<Float>) {
        let padded = tiles.paddedCount
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 28) { buffer in
            let block = buffer.baseAddress!
            for tile in tiles.tiles {
                for lane in 0..<tile.count {
                    let channel = tile.start + lane
                    for inputChannel in 0..<channels {
                        if channel < outChannels {
                            transformKernel(weight + (channel * channels + inputChannel) * 9,
                                            into: block, workspace: block + 16)
                        } else {
                            block.update(repeating: 0, count: 16)
                        }
                        let offset = tile.start * channels + inputChannel * tile.count + lane
                        for element in 0..<16 {
                            transformed[element * padded * channels + offset] = block[element]
                        }
                    }
                }
            }
        }
    }

    /// Writes `G g Gᵀ` for one 3x3 kernel `g` to `block`, row-major 4x4, using 12 floats of
    /// `workspace`.
    private func transformKernel(_ g: UnsafePointer<Float>, into block: UnsafeMutablePointer<Float>,
                                 workspace left: UnsafeMutablePointer<Float>) {
        // G g: rows g0, (g0 + g1 + g2)/2, (g0 − g1 + g2)/2, g2.
        for column in 0..<3 {
            let g0 = g[column], g1 = g[3 + column], g2 = g[6 + column]
            left[column] = g0
            left[3 + column] = (g0 + g1 + g2) * 0.5
            left[6 + column] = (g0 - g1 + g2) * 0.5
            left[9 + column] = g2
        }
        // (G g) Gᵀ: each row (a, b, c) becomes (a, (a + b + c)/2, (a − b + c)/2, c).
        for row in 0..<4 {
            let a = left[row * 3], b = left[row * 3 + 1], c = left[row * 3 + 2]
            block[row * 4] = a
            block[row * 4 + 1] = (a + b + c) * 0.5
            block[row * 4 + 2] = (a - b + c) * 0.5
            block[row * 4 + 3] = c
        }
    }

    /// Copies one image into the interior of the padded half planes; the border stays zero.
    private func copyInterior(_ image: UnsafePointer<Float>,
                              into padded: UnsafeMutablePointer<Float>) {
        for channel in 0..<channels {
            let even = padded + channel * 2 * halfPlane
            let odd = even + halfPlane
            let source = image + channel * height * width
            for row in 0..<height {
                let offset = (row + padding) * halfRow
                let values = source + row * width
                for column in 0..<width {
                    let x = column + padding
                    let half = x % 2 == 0 ? even : odd
                    half[offset + x / 2] = values[column]
                }
            }
        }
    }

    /// Writes `Bᵀ d B` of every 4x4 input block of one padded image to columns
    /// `firstColumn...` of the transformed inputs, `[16][C][blockColumns]`, eight blocks of
    /// a row at a time.
    ///
    /// `Bᵀ d` combines the four input rows as d0 − d2, d1 + d2, d2 − d1 and d1 − d3, and
    /// `· B` combines the columns 2b ... 2b + 3 of each result the same way, which in the
    /// half planes are even[b], odd[b], even[b + 1] and odd[b + 1]. Both steps stay in
    /// registers: staging the row combinations in memory and reading them back one float
    /// further on stalled on store forwarding. A vector store may run up to 7 columns past
    /// a row of blocks; the next row, or the padding of `blockColumns`, takes them.
    private func transformInput(_ padded: UnsafePointer<Float>,
                                into inputs: UnsafeMutablePointer<Float>, firstColumn: Int) {
        let elementStride = channels * blockColumns
        for channel in 0..<channels {
            let even = padded + channel * 2 * halfPlane
            let odd = even + halfPlane
            for tileRow in 0..<tileRows {
                let top = 2 * tileRow * halfRow
                let column = firstColumn + tileRow * tileColumns
                for block in stride(from: 0, to: tileColumns, by: 8) {
                    // Row combinations at columns b (here) and b + 1 (next) of each half.
                    let e = RowCombinations(even + top + block, rowLength: halfRow)
                    let o = RowCombinations(odd + top + block, rowLength: halfRow)
                    let target = inputs + channel * blockColumns + column + block
                    let rowStride = 4 * elementStride
                    emit(e.here.0, e.next.0, o.here.0, o.next.0, into: target,
                         stride: elementStride)
                    emit(e.here.1, e.next.1, o.here.1, o.next.1, into: target + rowStride,
                         stride: elementStride)
                    emit(e.here.2, e.next.2, o.here.2, o.next.2, into: target + 2 * rowStride,
                         stride: elementStride)
                    emit(e.here.3, e.next.3, o.here.3, o.next.3, into: target + 3 * rowStride,
                         stride: elementStride)
                }
            }
        }
    }

    /// Writes `· B` of one row combination to four transformed elements `stride` apart.
    @inline(__always)
    private func emit(_ evenHere: Vector, _ evenNext: Vector, _ oddHere: Vector,
                      _ oddNext: Vector, into target: UnsafeMutablePointer<Float>, stride: Int) {
        store(evenHere - evenNext, target)
        store(oddHere + evenNext, target + stride)
        store(evenNext - oddHere, target + 2 * stride)
        store(oddHere - oddNext, target + 3 * stride)
    }

    /// Writes one image's outputs from the products, `Aᵀ M A` plus the bias per block, then
    /// through `affine` when given, through the output stage. `rows` has room for four rows
    /// of `vectorColumns` floats.
    ///
    /// `Aᵀ M` combines the rows of each 4x4 block as m0 + m1 + m2 and m1 − m2 − m3, and
    /// `· A` the columns of each result the same way; eight blocks of a row at a time.
    private func transformOutput(_ products: UnsafePointer<Float>, image: Int,
                                 bias: UnsafePointer<Float>, affine: ChannelAffine?,
                                 rows: UnsafeMutablePointer<Float>,
                                 into output: UnsafeMutablePointer<Float>) {
        let plane = tiles.paddedCount * blockColumns
        let shape = outputShape
        let y00 = rows, y01 = rows + vectorColumns
        let y10 = y01 + vectorColumns, y11 = y10 + vectorColumns
        for channel in 0..<outChannels {
            let m = products + channel * blockColumns + image * tilesPerImage
            let target = output + channel * shape[1] * shape[2]
            let offset = Vector(repeating: bias[channel])
            let (scale, shift) = ChannelAffine.coefficients(of: affine, channel: channel)
            for tileRow in 0..<tileRows {
                let e = m + tileRow * tileColumns
                for block in stride(from: 0, to: tileColumns, by: 8) {
                    let p = e + block
                    let m4 = load(p + 4 * plane), m5 = load(p + 5 * plane)
                    let m6 = load(p + 6 * plane), m7 = load(p + 7 * plane)
                    let m8 = load(p + 8 * plane), m9 = load(p + 9 * plane)
                    let m10 = load(p + 10 * plane), m11 = load(p + 11 * plane)
                    let s00 = load(p) + m4 + m8
                    let s01 = load(p + plane) + m5 + m9
                    let s02 = load(p + 2 * plane) + m6 + m10
                    let s03 = load(p + 3 * plane) + m7 + m11
                    let s10 = m4 - m8 - load(p + 12 * plane)
                    let s11 = m5 - m9 - load(p + 13 * plane)
                    let s12 = m6 - m10 - load(p + 14 * plane)
                    let s13 = m7 - m11 - load(p + 15 * plane)
                    store((s00 + s01 + s02 + offset) * scale + shift, y00 + block)
                    store((s01 - s02 - s03 + offset) * scale + shift, y01 + block)
                    store((s10 + s11 + s12 + offset) * scale + shift, y10 + block)
                    store((s11 - s12 - s13 + offset) * scale + shift, y11 + block)
                }
                write(rows, tileRow: tileRow, into: target,
                      end: output + outChannels * shape[1] * shape[2])
            }
        }
    }

    /// Writes one row of 2x2 output blocks, held as four rows of `vectorColumns` (top left,
    /// top right, bottom left, bottom right values), through the output stage.
    @inline(__always)
    private func write(_ rows: UnsafePointer<Float>, tileRow: Int,
                       into plane: UnsafeMutablePointer<Float>,
                       end: UnsafeMutablePointer<Float>) {
        let y00 = rows, y01 = rows + vectorColumns
        let y10 = y01 + vectorColumns, y11 = y10 + vectorColumns
        switch stage {
        case .reluMaxPool:
            let pooledWidth = outputWidth / 2
            let pooledHeight = outputHeight / 2
            guard tileRow < pooledHeight else { return }
            let line = plane + tileRow * pooledWidth
            // Whole vectors, whose extra lanes later rows overwrite, except where a vector
            // would reach past the image's output.
            for block in stride(from: 0, to: pooledWidth, by: 8) {
                let top = larger(load(y00 + block), load(y01 + block))
                let bottom = larger(load(y10 + block), load(y11 + block))
                store(rectified(larger(top, bottom)), line + block,
                      count: end - (line + block))
            }
        case .plain, .relu:
            let isRectified = stage == .relu
            let top = plane + 2 * tileRow * outputWidth
            writeRow(even: y00, odd: y01, into: top, rectified: isRectified, end: end)
            guard 2 * tileRow + 1 < outputHeight else { return }
            writeRow(even: y10, odd: y11, into: top + outputWidth, rectified: isRectified,
                     end: end)
        }
    }

    /// Writes one output row whose even columns are `even` and odd columns are `odd`, 16
    /// columns at a time. The stores cover whole vectors, whose lanes past the row later
    /// rows or channels overwrite, except where a vector would reach past `end`.
    @inline(__always)
    private func writeRow(even: UnsafePointer<Float>, odd: UnsafePointer<Float>,
                          into row: UnsafeMutablePointer<Float>, rectified isRectified: Bool,
                          end: UnsafeMutablePointer<Float>) {
        for block in stride(from: 0, to: tileColumns, by: 8) {
            var values = SIMD16<Float>()
            values.evenHalf = isRectified ? rectified(load(even + block)) : load(even + block)
            values.oddHalf = isRectified ? rectified(load(odd + block)) : load(odd + block)
            let target = row + 2 * block
            let room = end - target
            if room >= 16 {
                UnsafeMutableRawPointer(target).storeBytes(of: values, as: SIMD16<Float>.self)
            } else {
                for lane in 0..<room { target[lane] = values[lane] }
            }
        }
    }
}

/// `Bᵀ d` for eight neighbouring columns of four rows, at the columns themselves and one
/// further on: d0 − d2, d1 + d2, d2 − d1, d1 − d3.
private struct RowCombinations {
    let here: (Vector, Vector, Vector, Vector)
    let next: (Vector, Vector, Vector, Vector)

    @inline(__always)
    init(_ first: UnsafePointer<Float>, rowLength: Int) {
        here = Self.combine(first, rowLength: rowLength)
        next = Self.combine(first + 1, rowLength: rowLength)
    }

    @inline(__always)
    private static func combine(_ first: UnsafePointer<Float>,
                                rowLength: Int) -> (Vector, Vector, Vector, Vector) {
        let d0 = load(first), d1 = load(first + rowLength)
        let d2 = load(first + 2 * rowLength), d3 = load(first + 3 * rowLength)
        return (d0 - d2, d1 + d2, d2 - d1, d1 - d3)
    }
}
