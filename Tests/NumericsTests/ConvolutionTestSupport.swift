import XCTest
@testable import Numerics
import VectorKernels

/// A vector convolution kernel as the tests call it. `DirectConvolution`,
/// `WinogradConvolution` and `VectorConvolution` share this interface.
protocol ConvolutionKernel {
    var outputShape: [Int] { get }
    var scratchCount: Int { get }
    func run(_ input: UnsafePointer<Float>, images: Int, weight: UnsafePointer<Float>,
             bias: UnsafePointer<Float>, affine: ChannelAffine?,
             output: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>)
}

extension DirectConvolution: ConvolutionKernel {}
extension WinogradConvolution: ConvolutionKernel {}
extension VectorConvolution: ConvolutionKernel {}

/// Returns the output of `convolution` on `images` images, through `affine` when given, run
/// on scratch space that is first filled with `scratchFill`. With the default, NaN, a read
/// of scratch the kernel has not written shows as NaN wherever it reaches a kept output.
func runKernel(_ convolution: some ConvolutionKernel, input: [Float], images: Int,
               weight: [Float], bias: [Float], affine: ChannelAffine? = nil,
               scratchFill: Float = .nan) -> [Float] {
    var scratch = [Float](repeating: scratchFill, count: convolution.scratchCount)
    var output = [Float](repeating: 0, count: images * convolution.outputShape.reduce(1, *))
    input.withUnsafeBufferPointer { x in
        weight.withUnsafeBufferPointer { w in
            bias.withUnsafeBufferPointer { b in
                scratch.withUnsafeMutableBufferPointer { s in
                    output.withUnsafeMutableBufferPointer { y in
                        convolution.run(x.baseAddress!, images: images,
                                        weight: w.baseAddress!, bias: b.baseAddress!,
                                        affine: affine, output: y.baseAddress!,
                                        scratch: s.baseAddress!)
                    }
                }
            }
        }
    }
    return output
}

/// Returns an input, weight and bias for `shape`, uniform in [-1, 1].
func randomOperands(_ shape: NaiveReference.ConvShape, batch: Int,
                    seed: UInt64) -> (input: [Float], weight: [Float], bias: [Float]) {
    let inputCount = batch * shape.channels * shape.height * shape.width
    let weightCount = shape.outChannels * shape.channels * shape.kernel * shape.kernel
    return (randomFloats(inputCount, seed: seed),
            randomFloats(weightCount, seed: seed + 1),
            randomFloats(shape.outChannels, seed: seed + 2))
}

/// Fails unless `observed` and `expected` have NaN at the same indices and equal values
/// everywhere else. Zeros of either sign count as equal.
func assertSameValues(_ observed: [Float], _ expected: [Float], _ label: String,
                      file: StaticString = #filePath, line: UInt = #line) {
    guard observed.count == expected.count else {
        XCTFail("\(label): expected \(expected.count) values, observed \(observed.count)",
                file: file, line: line)
        return
    }
    let observedNaNs = observed.indices.filter { observed[$0].isNaN }
    let expectedNaNs = expected.indices.filter { expected[$0].isNaN }
    XCTAssertEqual(observedNaNs, expectedNaNs, "\(label): NaN indices", file: file, line: line)
    let differing = observed.indices.filter { index in
        !observed[index].isNaN && !expected[index].isNaN && observed[index] != expected[index]
    }
    let details = differing.prefix(5).map { index in
        "[\(index)] expected \(expected[index]), observed \(observed[index])"
    }
    XCTAssertTrue(differing.isEmpty, "\(label): \(differing.count) values differ:\n"
        + details.joined(separator: "\n"), file: file, line: line)
}

/// Fails unless `observed` and `expected` have the same bit pattern at every index,
/// listing up to five that differ.
func assertBitIdentical(_ observed: [Float], _ expected: [Float], _ label: String,
                        file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(observed.count, expected.count, "\(label): count", file: file, line: line)
    let differing = (0..<min(observed.count, expected.count)).filter { index in
        observed[index].bitPattern != expected[index].bitPattern
    }
    let details = differing.prefix(5).map { index in
        "[\(index)] expected \(expected[index]), observed \(observed[index])"
    }
    XCTAssertTrue(differing.isEmpty, "\(label): \(differing.count) values differ:\n"
        + details.joined(separator: "\n"), file: file, line: line)
}

/// Returns BatchNorm tensors for `channels` channels, `[γ, β, running mean, running var]`:
/// γ uniform in [-1.5, 1.5], so that some scales are negative, the others in [-0.5, 0.5]
/// and variances in [0.1, 2], except −2e-5, below `−eps`, at `negativeVarianceChannel`.
func randomBatchNormTensors(channels: Int, seed: UInt64,
                            negativeVarianceChannel: Int? = nil) -> [[Float]] {
    var variance = randomFloats(channels, seed: seed + 3, in: 0.1...2)
    if let negativeVarianceChannel { variance[negativeVarianceChannel] = -2e-5 }
    return [randomFloats(channels, seed: seed, in: -1.5...1.5),
            randomFloats(channels, seed: seed + 1, in: -0.5...0.5),
            randomFloats(channels, seed: seed + 2, in: -0.5...0.5),
            variance]
}

/// Checks that each stage of `makeKernel(stage)`, run with the affine step of a random
/// BatchNorm, gives what its `.plain` output followed by `BatchNormLayer`, `ReLULayer` and
/// `MaxPoolLayer(2, 2)` gives, value for value, NaN positions included.
///
/// The kernel and `BatchNormLayer.forward` compute `x * scale + shift` as the same two
/// rounded operations, so the values must be equal, not merely close. Channel 1 gets a
/// running variance below `−eps` when `shape` has two or more output channels, so that it
/// is NaN in both.
func checkAffineStages<Kernel: ConvolutionKernel>(
    _ shape: NaiveReference.ConvShape, batch: Int, input: [Float], seed: UInt64,
    makeKernel: (DirectConvolution.OutputStage) -> Kernel,
    file: StaticString = #filePath, line: UInt = #line
) {
    let label = "C\(shape.channels) \(shape.height)x\(shape.width) O\(shape.outChannels) "
        + "k\(shape.kernel) p\(shape.padding)"
    let (_, weight, bias) = randomOperands(shape, batch: batch, seed: seed)
    let (channels, height, width) = (shape.outChannels, shape.outputHeight, shape.outputWidth)
    let tensors = randomBatchNormTensors(channels: channels, seed: seed + 10,
                                         negativeVarianceChannel: channels > 1 ? 1 : nil)
    let batchNorm = BatchNormLayer(channels: channels, height: height, width: width)
    let (scale, shift) = batchNorm.evaluationAffine(tensors)
    let affine = ChannelAffine(scale: scale, shift: shift)

    let plain = runKernel(makeKernel(.plain), input: input, images: batch, weight: weight,
                          bias: bias)
    let normalized = batchNorm.forward(plain, batch: batch, parameters: tensors)
    let rectified = ReLULayer(shape: [channels, height, width])
        .forward(normalized, batch: batch, parameters: [])
    if channels > 1 {
        XCTAssertTrue(normalized.contains { $0.isNaN }, "\(label): a NaN channel",
                      file: file, line: line)
    }

    let observed = runKernel(makeKernel(.plain), input: input, images: batch, weight: weight,
                             bias: bias, affine: affine)
    assertSameValues(observed, normalized, "\(label) affine", file: file, line: line)
    let observedReLU = runKernel(makeKernel(.relu), input: input, images: batch,
                                 weight: weight, bias: bias, affine: affine)
    assertSameValues(observedReLU, rectified, "\(label) affine relu", file: file, line: line)

    guard height >= 2, width >= 2 else { return }
    let pooled = MaxPoolLayer(channels: channels, height: height, width: width, kernel: 2,
                              stride: 2).forward(rectified, batch: batch, parameters: [])
    let observedPool = runKernel(makeKernel(.reluMaxPool), input: input, images: batch,
                                 weight: weight, bias: bias, affine: affine)
    assertSameValues(observedPool, pooled, "\(label) affine relu and max pool",
                     file: file, line: line)
}
