/// A stride-1 2-D convolution computed from a zero-padded copy of each image, without im2col.
///
/// Each image is copied into planes of `(H + 2p) × (W + 2p)` with a zero border. Output
/// position `(r, c)` then sits at flat index `q = r·(W + 2p) + c` of an output plane laid out
/// with the same row length, and kernel tap `(i, j)` reads the padded plane at
/// `q + i·(W + 2p) + j`. One flat range of `q` thus covers every output row, and the `2p`
/// extra positions at the end of each row are computed and dropped.
///
/// The products run in tiles of 16 positions by 6 or 4 output channels, held in registers
/// while the loop walks input channels and taps. The valid positions then go to the output
/// through an `OutputStage`, which may apply the ReLU and 2x2 max pool that follow the
/// convolution in most CNNs, so that those layers cost no pass of their own. This module is
/// compiled for AVX2 with FMA on x86-64; callers check `CPUFeatures.supportsVectorKernels`
/// before they call in.
public struct DirectConvolution: Sendable {
    /// What happens to the convolution's values on their way to the output.
    public enum OutputStage: Sendable {
        /// The values as they are.
        case plain
        /// `max(x, 0)`, NaN kept, as `ReLULayer` computes it.
        case relu
        /// The ReLU, then the maximum of each 2x2 window moved by 2, NaN winning, as
        /// `MaxPoolLayer` computes it; odd last rows and columns are dropped.
        case reluMaxPool
    }

    public let channels: Int
    public let height: Int
    public let width: Int
    public let outChannels: Int
    public let kernel: Int
    public let padding: Int
    public let stage: OutputStage

    /// Output positions per tile, two vectors of 8.
    static let tileWidth = 16

    public init(channels: Int, height: Int, width: Int, outChannels: Int, kernel: Int,
                padding: Int, stage: OutputStage = .plain) {
        self.channels = channels
        self.height = height
        self.width = width
        self.outChannels = outChannels
        self.kernel = kernel
        self.padding = padding
        self.stage = stage
    }

    /// Rows of the convolution's output, before any pooling.
    var outputHeight: Int { height + 2 * padding - kernel + 1 }

    /// Columns of the convolution's output, before any pooling.
    var outputWidth: Int { width + 2 * padding - kernel + 1 }

    /// The shape of one image's output after the stage, `[O, H', W']`.
    public var outputShape: [Int] {
        guard stage == .reluMaxPool else { return [outChannels, outputHeight, outputWidth] }
        return [outChannels, outputHeight / 2, outputWidth / 2]
    }

    /// Row length of the padded planes and of the output planes in flat form.
    var rowLength: Int { width + 2 * padding }

    /// Values in one padded input plane.
    var paddedPlane: Int { (height + 2 * padding) * rowLength }

    /// Flat output positions per image, rounded up to whole tiles.
    var flatPositions: Int {
        let used = outputHeight * rowLength
        return (used + Self.tileWidth - 1) / Self.tileWidth * Self.tileWidth
    }

    /// Taps per output channel, `C·k²`.
    var taps: Int { channels * kernel * kernel }

    /// The output channel tiles: a run of 6-channel tiles and at most two 4-channel tiles,
    /// with channels past `outChannels` given zero weights.
    var tiles: [(start: Int, count: Int)] {
        let even = (outChannels + 1) / 2 * 2
        let fours = [0, 2, 1][(even % 6) / 2]
        var sixes = (even - 4 * fours) / 6
        var fourTiles = fours
        if sixes < 0 { sixes = 0; fourTiles = (even + 3) / 4 }
        var result: [(start: Int, count: Int)] = []
        var start = 0
        for _ in 0..<sixes { result.append((start, 6)); start += 6 }
        for _ in 0..<fourTiles { result.append((start, 4)); start += 4 }
        return result
    }

    /// Channels computed, `outChannels` rounded up to whole tiles.
    var paddedOutChannels: Int { tiles.reduce(0) { $0 + $1.count } }

    /// Room the padded input may be read past its last plane by the last tile.
    var readSlack: Int { flatPositions - outputHeight * rowLength + (kernel - 1) * (rowLength + 1) }

    /// Floats of scratch space `run` needs: packed weights, the padded image and the flat
    /// output planes of one image, which the output stage may read 16 floats past.
    public var scratchCount: Int {
        paddedOutChannels * taps + channels * paddedPlane + readSlack
            + paddedOutChannels * flatPositions + Self.tileWidth
    }

    /// Writes the convolution of `images` consecutive `[C, H, W]` images to `output`, one
    /// `outputShape` per image, starting from `bias` and passing through `stage`.
    ///
    /// `weight` is `[O, C, k, k]` as PyTorch stores it.
    @inline(never)
    public func run(_ input: UnsafePointer<Float>, images: Int, weight: UnsafePointer<Float>,
                    bias: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
                    scratch: UnsafeMutablePointer<Float>) {
        let packed = scratch
        let padded = packed + paddedOutChannels * taps
        let flat = padded + channels * paddedPlane + readSlack
        pack(weight, into: packed)
        padded.update(repeating: 0, count: channels * paddedPlane + readSlack)
        let paddedBias = (0..<paddedOutChannels).map { $0 < outChannels ? bias[$0] : 0 }
        let imageSize = channels * height * width
        let outputSize = outputShape.reduce(1, *)
        let tiles = self.tiles
        for image in 0..<images {
            copyInterior(input + image * imageSize, into: padded)
            if kernel == 3 {
                convolve(padded, weights: packed, bias: paddedBias, tiles: tiles, into: flat,
                         side: SideThree.self)
            } else {
                convolve(padded, weights: packed, bias: paddedBias, tiles: tiles, into: flat,
                         side: SideAtRunTime.self)
            }
            let target = output + image * outputSize
            switch stage {
            case .plain: copyRows(from: flat, into: target, rectified: false)
            case .relu: copyRows(from: flat, into: target, rectified: true)
            case .reluMaxPool: poolRows(from: flat, into: target)
            }
        }
    }

    /// Computes the flat output planes of one padded image, tile by tile.
    @inline(__always)
    private func convolve<Side: KernelSide>(
        _ padded: UnsafePointer<Float>, weights packed: UnsafePointer<Float>, bias: [Float],
        tiles: [(start: Int, count: Int)], into flat: UnsafeMutablePointer<Float>,
        side: Side.Type
    ) {
        for tile in tiles {
            let tileWeights = packed + tile.start * taps
            let tileOutput = flat + tile.start * flatPositions
            for position in stride(from: 0, to: flatPositions, by: Self.tileWidth) {
                if tile.count == 6 {
                    tile6(padded + position, weights: tileWeights, bias: bias,
                          from: tile.start, output: tileOutput + position, side: side)
                } else {
                    tile4(padded + position, weights: tileWeights, bias: bias,
                          from: tile.start, output: tileOutput + position, side: side)
                }
            }
        }
    }

    /// Packs `[O, C, k, k]` weights per channel tile as `[C·k²][tile channels]`.
    private func pack(_ weight: UnsafePointer<Float>, into packed: UnsafeMutablePointer<Float>) {
        for tile in tiles {
            let target = packed + tile.start * taps
            for tap in 0..<taps {
                for lane in 0..<tile.count {
                    let channel = tile.start + lane
                    target[tap * tile.count + lane] =
                        channel < outChannels ? weight[channel * taps + tap] : 0
                }
            }
        }
    }

    /// Copies one image into the interior of the padded planes; the border stays zero.
    private func copyInterior(_ image: UnsafePointer<Float>,
                              into padded: UnsafeMutablePointer<Float>) {
        for channel in 0..<channels {
            let plane = padded + channel * paddedPlane + padding * rowLength + padding
            let source = image + channel * height * width
            for row in 0..<height {
                copy(source + row * width, into: plane + row * rowLength, count: width,
                     rectified: false)
            }
        }
    }

    /// Copies the valid positions of the flat output planes into `[O, H', W']`.
    private func copyRows(from flat: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>,
                          rectified: Bool) {
        for channel in 0..<outChannels {
            let source = flat + channel * flatPositions
            let target = output + channel * outputHeight * outputWidth
            for row in 0..<outputHeight {
                copy(source + row * rowLength, into: target + row * outputWidth,
                     count: outputWidth, rectified: rectified)
            }
        }
    }

    /// Copies `count` floats, through the ReLU when `rectified`. Rows here are a few dozen
    /// floats, where a call to `memmove` per row cost more than the copy. The loops are
    /// plain scalar code, which the compiler vectorizes; masked `SIMD8` selects compiled to
    /// one branch per lane instead.
    @inline(__always)
    private func copy(_ source: UnsafePointer<Float>, into target: UnsafeMutablePointer<Float>,
                      count: Int, rectified: Bool) {
        if rectified {
            for index in 0..<count {
                let value = source[index]
                target[index] = value < 0 ? 0 : value
            }
        } else {
            for index in 0..<count { target[index] = source[index] }
        }
    }

    /// Writes the ReLU of each 2x2 window's maximum of the flat output planes into
    /// `[O, H'/2, W'/2]`, overwriting the top row of each window pair with the pair's maximum
    /// on the way.
    ///
    /// A later value replaces the running maximum when it is greater or NaN, as in
    /// `MaxPoolLayer`: top left, top right, bottom left, bottom right, in that order for
    /// NaN. Taking the column maximum first changes which NaN wins, not whether one does.
    private func poolRows(from flat: UnsafeMutablePointer<Float>,
                          into output: UnsafeMutablePointer<Float>) {
        let pooledHeight = outputHeight / 2
        let pooledWidth = outputWidth / 2
        for channel in 0..<outChannels {
            let source = flat + channel * flatPositions
            let target = output + channel * pooledHeight * pooledWidth
            for row in 0..<pooledHeight {
                let top = source + 2 * row * rowLength
                let bottom = top + rowLength
                for column in 0..<(2 * pooledWidth) {
                    top[column] = larger(top[column], bottom[column])
                }
                let line = target + row * pooledWidth
                for column in 0..<pooledWidth {
                    let value = larger(top[2 * column], top[2 * column + 1])
                    line[column] = value < 0 ? 0 : value
                }
            }
        }
    }

    /// `b` when it is greater than `a` or NaN, else `a`.
    @inline(__always)
    private func larger(_ a: Float, _ b: Float) -> Float {
        b > a || b != b ? b : a
    }

    private typealias Vector = SIMD8<Float>

    @inline(__always)
    private func load(_ pointer: UnsafePointer<Float>) -> Vector {
        UnsafeRawPointer(pointer).loadUnaligned(as: Vector.self)
    }

    @inline(__always)
    private func store(_ vector: Vector, _ pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: vector, as: Vector.self)
    }

    /// Computes 16 flat positions of 6 output channels. `input` points at the first position's
    /// tap (0, 0) in channel 0, and `output` at the first position in channel 0 of the tile.
    @inline(__always)
    private func tile6<Side: KernelSide>(
        _ input: UnsafePointer<Float>, weights: UnsafePointer<Float>, bias: [Float],
        from first: Int, output: UnsafeMutablePointer<Float>, side: Side.Type
    ) {
        let kernel = Side.value ?? self.kernel
        var a0 = Vector(repeating: bias[first]), b0 = a0
        var a1 = Vector(repeating: bias[first + 1]), b1 = a1
        var a2 = Vector(repeating: bias[first + 2]), b2 = a2
        var a3 = Vector(repeating: bias[first + 3]), b3 = a3
        var a4 = Vector(repeating: bias[first + 4]), b4 = a4
        var a5 = Vector(repeating: bias[first + 5]), b5 = a5
        var w = weights
        for channel in 0..<channels {
            let plane = input + channel * paddedPlane
            for i in 0..<kernel {
                let line = plane + i * rowLength
                for j in 0..<kernel {
                    let x0 = load(line + j), x1 = load(line + j + 8)
                    let w0 = Vector(repeating: w[0]), w1 = Vector(repeating: w[1])
                    a0 = a0.addingProduct(x0, w0); b0 = b0.addingProduct(x1, w0)
                    a1 = a1.addingProduct(x0, w1); b1 = b1.addingProduct(x1, w1)
                    let w2 = Vector(repeating: w[2]), w3 = Vector(repeating: w[3])
                    a2 = a2.addingProduct(x0, w2); b2 = b2.addingProduct(x1, w2)
                    a3 = a3.addingProduct(x0, w3); b3 = b3.addingProduct(x1, w3)
                    let w4 = Vector(repeating: w[4]), w5 = Vector(repeating: w[5])
                    a4 = a4.addingProduct(x0, w4); b4 = b4.addingProduct(x1, w4)
                    a5 = a5.addingProduct(x0, w5); b5 = b5.addingProduct(x1, w5)
                    w += 6
                }
            }
        }
        let stride = flatPositions
        store(a0, output); store(b0, output + 8)
        store(a1, output + stride); store(b1, output + stride + 8)
        store(a2, output + 2 * stride); store(b2, output + 2 * stride + 8)
        store(a3, output + 3 * stride); store(b3, output + 3 * stride + 8)
        store(a4, output + 4 * stride); store(b4, output + 4 * stride + 8)
        store(a5, output + 5 * stride); store(b5, output + 5 * stride + 8)
    }

    /// Computes 16 flat positions of 4 output channels, as `tile6` does for 6.
    @inline(__always)
    private func tile4<Side: KernelSide>(
        _ input: UnsafePointer<Float>, weights: UnsafePointer<Float>, bias: [Float],
        from first: Int, output: UnsafeMutablePointer<Float>, side: Side.Type
    ) {
        let kernel = Side.value ?? self.kernel
        var a0 = Vector(repeating: bias[first]), b0 = a0
        var a1 = Vector(repeating: bias[first + 1]), b1 = a1
        var a2 = Vector(repeating: bias[first + 2]), b2 = a2
        var a3 = Vector(repeating: bias[first + 3]), b3 = a3
        var w = weights
        for channel in 0..<channels {
            let plane = input + channel * paddedPlane
            for i in 0..<kernel {
                let line = plane + i * rowLength
                for j in 0..<kernel {
                    let x0 = load(line + j), x1 = load(line + j + 8)
                    let w0 = Vector(repeating: w[0]), w1 = Vector(repeating: w[1])
                    a0 = a0.addingProduct(x0, w0); b0 = b0.addingProduct(x1, w0)
                    a1 = a1.addingProduct(x0, w1); b1 = b1.addingProduct(x1, w1)
                    let w2 = Vector(repeating: w[2]), w3 = Vector(repeating: w[3])
                    a2 = a2.addingProduct(x0, w2); b2 = b2.addingProduct(x1, w2)
                    a3 = a3.addingProduct(x0, w3); b3 = b3.addingProduct(x1, w3)
                    w += 4
                }
            }
        }
        let stride = flatPositions
        store(a0, output); store(b0, output + 8)
        store(a1, output + stride); store(b1, output + stride + 8)
        store(a2, output + 2 * stride); store(b2, output + 2 * stride + 8)
        store(a3, output + 3 * stride); store(b3, output + 3 * stride + 8)
    }
}

/// A kernel side fixed when the code is compiled, so that the tap loops unroll, or `nil` for
/// the layer's own.
private protocol KernelSide {
    static var value: Int? { get }
}

/// 3x3 kernels, the usual ones.
private enum SideThree: KernelSide {
    static var value: Int? { 3 }
}

/// Any kernel side, read from the layer.
private enum SideAtRunTime: KernelSide {
    static var value: Int? { nil }
}
