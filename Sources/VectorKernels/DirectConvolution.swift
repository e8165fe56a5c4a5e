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
/// through an optional `ChannelAffine`, such as an evaluation-mode BatchNorm, and an
/// `OutputStage`, which may apply the ReLU and 2x2 max pool that follow the convolution in
/// most CNNs, so that those layers cost no pass of their own. This module is
/// compiled for AVX2 with FMA on x86-64; callers check `CPUFeatures.supportsVectorKernels`
/// before they call in.
public struct DirectConvolution: Sendable {
    /// The treatment of the convolution's values on their way to the output.
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

    /// The output channel tiles.
    let tiles: ChannelTiles

    /// Output positions per register tile, two vectors of 8.
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
        tiles = ChannelTiles(outChannels: outChannels)
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


    /// Channels computed, `outChannels` rounded up to whole tiles.
    var paddedOutChannels: Int { tiles.paddedCount }

    /// Room the padded input may be read past its last plane by the last tile.
    var readSlack: Int { flatPositions - outputHeight * rowLength + (kernel - 1) * (rowLength + 1) }

    /// Floats of scratch space `run` needs: packed weights, the padded image and the flat
    /// output planes of one image, which the output stage may read 16 floats past.
    public var scratchCount: Int {
        paddedOutChannels * taps + channels * paddedPlane + readSlack
            + paddedOutChannels * flatPositions + Self.tileWidth
    }

    /// Writes the convolution of `images` consecutive `[C, H, W]` images to `output`, one
    /// `outputShape` per image, starting from `bias` and passing through `affine`, when
    /// given, and then `stage`.
    ///
    /// `weight` is `[O, C, k, k]` as PyTorch stores it.
    @inline(never)
    public func run(_ input: UnsafePointer<Float>, images: Int, weight: UnsafePointer<Float>,
                    bias: UnsafePointer<Float>, affine: ChannelAffine? = nil,
                    output: UnsafeMutablePointer<Float>,
                    scratch: UnsafeMutablePointer<Float>) {
        if let affine {
            precondition(affine.scale.count == outChannels,
                         "\(affine.scale.count) affine channels for \(outChannels) outputs")
        }
        let packed = scratch
        let padded = packed + paddedOutChannels * taps
        let flat = padded + channels * paddedPlane + readSlack
        pack(weight, into: packed)
        padded.update(repeating: 0, count: channels * paddedPlane + readSlack)
        let paddedBias = (0..<paddedOutChannels).map { $0 < outChannels ? bias[$0] : 0 }
        let imageSize = channels * height * width
        let outputSize = outputShape.reduce(1, *)
        let tiles = self.tiles
        let sweep = TileSweep(channels: channels, planeStride: paddedPlane,
                              rowLength: rowLength, side: kernel, outputStride: flatPositions)
        for image in 0..<images {
            copyInterior(input + image * imageSize, into: padded)
            if kernel == 3 {
                sweepTiles(sweep, side: SideThree.self, tiles: tiles, positions: flatPositions,
                           input: padded, weights: packed, perChannel: taps,
                           initial: paddedBias, output: flat)
            } else {
                sweepTiles(sweep, side: SideAtRunTime.self, tiles: tiles,
                           positions: flatPositions, input: padded, weights: packed,
                           perChannel: taps, initial: paddedBias, output: flat)
            }
            let target = output + image * outputSize
            switch stage {
            case .plain:
                copyRows(from: flat, into: target, affine: affine, throughReLU: false)
            case .relu:
                copyRows(from: flat, into: target, affine: affine, throughReLU: true)
            case .reluMaxPool: poolRows(from: flat, into: target, affine: affine)
            }
        }
    }

    /// Packs `[O, C, k, k]` weights per channel tile as `[C·k²][tile channels]`.
    private func pack(_ weight: UnsafePointer<Float>, into packed: UnsafeMutablePointer<Float>) {
        for tile in tiles.tiles {
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
                     throughReLU: false)
            }
        }
    }

    /// Copies the valid positions of the flat output planes into `[O, H', W']`, through
    /// `affine` when given.
    private func copyRows(from flat: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>,
                          affine: ChannelAffine?, throughReLU: Bool) {
        for channel in 0..<outChannels {
            let source = flat + channel * flatPositions
            let target = output + channel * outputHeight * outputWidth
            let (scale, shift) = ChannelAffine.coefficients(of: affine, channel: channel)
            for row in 0..<outputHeight {
                copy(source + row * rowLength, into: target + row * outputWidth,
                     count: outputWidth, scale: scale, shift: shift, throughReLU: throughReLU)
            }
        }
    }

    /// Copies `count` floats, through the ReLU when `throughReLU`. Rows here are a few dozen
    /// floats, where a call to `memmove` per row cost more than the copy.
    @inline(__always)
    private func copy(_ source: UnsafePointer<Float>, into target: UnsafeMutablePointer<Float>,
                      count: Int, throughReLU: Bool) {
        for index in stride(from: 0, to: count, by: 8) {
            let values = load(source + index)
            store(throughReLU ? rectified(values) : values, target + index,
                  count: count - index)
        }
    }

    /// Copies `count` floats as `x·scale + shift`, through the ReLU when `throughReLU`.
    @inline(__always)
    private func copy(_ source: UnsafePointer<Float>, into target: UnsafeMutablePointer<Float>,
                      count: Int, scale: Vector, shift: Vector, throughReLU: Bool) {
        for index in stride(from: 0, to: count, by: 8) {
            let values = load(source + index) * scale + shift
            store(throughReLU ? rectified(values) : values, target + index,
                  count: count - index)
        }
    }

    /// Writes the ReLU of each 2x2 window's maximum of the flat output planes, each value
    /// through `affine` when given, into `[O, H'/2, W'/2]`, eight windows at a time.
    ///
    /// Any NaN in a window gives NaN, as in `MaxPoolLayer`. Which of several NaNs, or which
    /// of −0 and +0, may differ, because the two halves of a window are compared first. Rows
    /// are stored as whole vectors, whose extra lanes later rows overwrite, except where a
    /// vector would reach past the image's output.
    private func poolRows(from flat: UnsafePointer<Float>,
                          into output: UnsafeMutablePointer<Float>, affine: ChannelAffine?) {
        let pooledHeight = outputHeight / 2
        let pooledWidth = outputWidth / 2
        let end = output + outChannels * pooledHeight * pooledWidth
        for channel in 0..<outChannels {
            let source = flat + channel * flatPositions
            let target = output + channel * pooledHeight * pooledWidth
            let (scale, shift) = ChannelAffine.coefficients(of: affine, channel: channel)
            for row in 0..<pooledHeight {
                let top = source + 2 * row * rowLength
                let bottom = top + rowLength
                let line = target + row * pooledWidth
                for column in stride(from: 0, to: pooledWidth, by: 8) {
                    let upper = load16(top + 2 * column), lower = load16(bottom + 2 * column)
                    // The affine step comes first, since a negative scale reverses the order.
                    let pooled = larger(
                        larger(upper.evenHalf * scale + shift, upper.oddHalf * scale + shift),
                        larger(lower.evenHalf * scale + shift, lower.oddHalf * scale + shift))
                    store(rectified(pooled), line + column, count: end - (line + column))
                }
            }
        }
    }


}
