/// The register tiles both convolutions are built on: 16 positions of 6 or 4 output channels
/// held in twelve or eight vector accumulators while a loop walks the input.

/// The walk of one register tile over its input: `channels` planes `planeStride` floats
/// apart, each read at `side × side` taps on rows `rowLength` floats apart. Output channel
/// `n` of the tile goes to `output + n·outputStride`.
struct TileSweep {
    let channels: Int
    let planeStride: Int
    let rowLength: Int
    let side: Int
    let outputStride: Int
}

/// A kernel side fixed when the code is compiled, so that the tap loops unroll, or `nil` for
/// the sweep's own.
protocol KernelSide {
    static var value: Int? { get }
}

/// One tap, as in the products of the Winograd transform.
enum SideOne: KernelSide {
    static var value: Int? { 1 }
}

/// 3x3 kernels, the usual ones.
enum SideThree: KernelSide {
    static var value: Int? { 3 }
}

/// Any kernel side, read from the sweep.
enum SideAtRunTime: KernelSide {
    static var value: Int? { nil }
}

/// The split of output channels into register tiles: a run of 6-channel tiles and at most two
/// 4-channel tiles, with channels past the real count given zero weights.
struct ChannelTiles {
    let tiles: [(start: Int, count: Int)]

    init(outChannels: Int) {
        let even = (outChannels + 1) / 2 * 2
        var fours = [0, 2, 1][(even % 6) / 2]
        var sixes = (even - 4 * fours) / 6
        if sixes < 0 {
            sixes = 0
            fours = (even + 3) / 4
        }
        var tiles: [(start: Int, count: Int)] = []
        var start = 0
        for _ in 0..<sixes {
            tiles.append((start, 6))
            start += 6
        }
        for _ in 0..<fours {
            tiles.append((start, 4))
            start += 4
        }
        self.tiles = tiles
    }

    /// Channels computed, the real count rounded up to whole tiles.
    var paddedCount: Int { tiles.reduce(0) { $0 + $1.count } }
}

typealias Vector = SIMD8<Float>

@inline(__always)
func load(_ pointer: UnsafePointer<Float>) -> Vector {
    UnsafeRawPointer(pointer).loadUnaligned(as: Vector.self)
}

@inline(__always)
func load16(_ pointer: UnsafePointer<Float>) -> SIMD16<Float> {
    UnsafeRawPointer(pointer).loadUnaligned(as: SIMD16<Float>.self)
}

@inline(__always)
func store(_ vector: Vector, _ pointer: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(pointer).storeBytes(of: vector, as: Vector.self)
}

/// Per lane, `b` where it is greater than `a` or NaN, else `a`, as `MaxPoolLayer` updates its
/// running maximum. Written for the concrete vector type, this compiles to a compare and a
/// blend; the generic form compiled to one branch per lane.
@inline(__always)
func larger(_ a: Vector, _ b: Vector) -> Vector {
    a.replacing(with: b, where: (b .> a) .| (b .!= b))
}

/// `max(x, 0)` per lane, with NaN kept.
@inline(__always)
func rectified(_ values: Vector) -> Vector {
    values.replacing(with: 0, where: values .< 0)
}

/// Stores the first `count` lanes of `vector`, all eight when `count ≥ 8`.
@inline(__always)
func store(_ vector: Vector, _ pointer: UnsafeMutablePointer<Float>, count: Int) {
    if count >= 8 {
        store(vector, pointer)
    } else {
        for lane in 0..<count { pointer[lane] = vector[lane] }
    }
}

/// Writes 16 positions of 6 output channels: `initial[n]` plus the sum over channels and taps
/// of input times weight. `input` points at the first position's tap (0, 0) in channel 0;
/// `weights` has 6 values per (channel, tap) in sweep order.
@inline(__always)
func accumulate6<Side: KernelSide>(
    _ sweep: TileSweep, side: Side.Type, input: UnsafePointer<Float>,
    weights: UnsafePointer<Float>, initial: UnsafePointer<Float>,
    output: UnsafeMutablePointer<Float>
) {
    let kernel = Side.value ?? sweep.side
    var a0 = Vector(repeating: initial[0]), b0 = a0
    var a1 = Vector(repeating: initial[1]), b1 = a1
    var a2 = Vector(repeating: initial[2]), b2 = a2
    var a3 = Vector(repeating: initial[3]), b3 = a3
    var a4 = Vector(repeating: initial[4]), b4 = a4
    var a5 = Vector(repeating: initial[5]), b5 = a5
    var w = weights
    for channel in 0..<sweep.channels {
        let plane = input + channel * sweep.planeStride
        for i in 0..<kernel {
            let line = plane + i * sweep.rowLength
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
    let stride = sweep.outputStride
    store(a0, output); store(b0, output + 8)
    store(a1, output + stride); store(b1, output + stride + 8)
    store(a2, output + 2 * stride); store(b2, output + 2 * stride + 8)
    store(a3, output + 3 * stride); store(b3, output + 3 * stride + 8)
    store(a4, output + 4 * stride); store(b4, output + 4 * stride + 8)
    store(a5, output + 5 * stride); store(b5, output + 5 * stride + 8)
}

/// Writes 16 positions of 4 output channels, as `accumulate6` does for 6.
@inline(__always)
func accumulate4<Side: KernelSide>(
    _ sweep: TileSweep, side: Side.Type, input: UnsafePointer<Float>,
    weights: UnsafePointer<Float>, initial: UnsafePointer<Float>,
    output: UnsafeMutablePointer<Float>
) {
    let kernel = Side.value ?? sweep.side
    var a0 = Vector(repeating: initial[0]), b0 = a0
    var a1 = Vector(repeating: initial[1]), b1 = a1
    var a2 = Vector(repeating: initial[2]), b2 = a2
    var a3 = Vector(repeating: initial[3]), b3 = a3
    var w = weights
    for channel in 0..<sweep.channels {
        let plane = input + channel * sweep.planeStride
        for i in 0..<kernel {
            let line = plane + i * sweep.rowLength
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
    let stride = sweep.outputStride
    store(a0, output); store(b0, output + 8)
    store(a1, output + stride); store(b1, output + stride + 8)
    store(a2, output + 2 * stride); store(b2, output + 2 * stride + 8)
    store(a3, output + 3 * stride); store(b3, output + 3 * stride + 8)
}

/// Runs every register tile of `tiles` over `positions` (a multiple of 16) positions.
/// Tile `t` reads `weights + t.start·perChannel` and `initial + t.start`, and writes from
/// `output + t.start·sweep.outputStride`.
@inline(__always)
func sweepTiles<Side: KernelSide>(
    _ sweep: TileSweep, side: Side.Type, tiles: ChannelTiles, positions: Int,
    input: UnsafePointer<Float>, weights: UnsafePointer<Float>, perChannel: Int,
    initial: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>
) {
    for tile in tiles.tiles {
        let tileWeights = weights + tile.start * perChannel
        let tileOutput = output + tile.start * sweep.outputStride
        for position in stride(from: 0, to: positions, by: 16) {
            if tile.count == 6 {
                accumulate6(sweep, side: side, input: input + position, weights: tileWeights,
                            initial: initial + tile.start, output: tileOutput + position)
            } else {
                accumulate4(sweep, side: side, input: input + position, weights: tileWeights,
                            initial: initial + tile.start, output: tileOutput + position)
            }
        }
    }
}
