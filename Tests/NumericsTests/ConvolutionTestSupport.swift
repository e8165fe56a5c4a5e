import XCTest
@testable import Numerics
import VectorKernels

/// A vector convolution kernel as the tests call it. `DirectConvolution`,
/// `WinogradConvolution` and `VectorConvolution` share this interface.
protocol ConvolutionKernel {
    var outputShape: [Int] { get }
    var scratchCount: Int { get }
    func run(_ input: UnsafePointer<Float>, images: Int, weight: UnsafePointer<Float>,
             bias: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
             scratch: UnsafeMutablePointer<Float>)
}

extension DirectConvolution: ConvolutionKernel {}
extension WinogradConvolution: ConvolutionKernel {}
extension VectorConvolution: ConvolutionKernel {}

/// Returns the output of `convolution` on `images` images, run on scratch space that is
/// first filled with `scratchFill`. With the default, NaN, a read of scratch the kernel
/// has not written shows as NaN wherever it reaches a kept output.
func runKernel(_ convolution: some ConvolutionKernel, input: [Float], images: Int,
               weight: [Float], bias: [Float], scratchFill: Float = .nan) -> [Float] {
    var scratch = [Float](repeating: scratchFill, count: convolution.scratchCount)
    var output = [Float](repeating: 0, count: images * convolution.outputShape.reduce(1, *))
    input.withUnsafeBufferPointer { x in
        weight.withUnsafeBufferPointer { w in
            bias.withUnsafeBufferPointer { b in
                scratch.withUnsafeMutableBufferPointer { s in
                    output.withUnsafeMutableBufferPointer { y in
                        convolution.run(x.baseAddress!, images: images,
                                        weight: w.baseAddress!, bias: b.baseAddress!,
                                        output: y.baseAddress!, scratch: s.baseAddress!)
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
