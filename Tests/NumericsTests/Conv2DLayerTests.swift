import XCTest
@testable import Numerics

/// Conv2d forward against a Double loop, to 1e-5 relative and absolute, since each output
/// sums at most 27 Float products of size ≤ 1. Backward against central differences with
/// step 1e-2 and tolerance 1e-3: the layer is linear, so only Float rounding remains.
final class Conv2DLayerTests: XCTestCase {
    typealias Shape = NaiveReference.ConvShape

    func makeLayer(_ shape: Shape, columnBufferLimit: Int = 1 << 20) -> Conv2DLayer {
        let geometry = ConvGeometry(channels: shape.channels, height: shape.height,
                                    width: shape.width, kernel: shape.kernel,
                                    stride: shape.stride, padding: shape.padding)
        return Conv2DLayer(geometry: geometry, outChannels: shape.outChannels,
                           columnBufferLimit: columnBufferLimit)
    }

    func parameters(_ shape: Shape) -> [[Float]] {
        let weightCount = shape.outChannels * shape.channels * shape.kernel * shape.kernel
        return [randomFloats(weightCount, seed: 11), randomFloats(shape.outChannels, seed: 12)]
    }

    func checkForward(_ shape: Shape, batch: Int, columnBufferLimit: Int = 1 << 20,
                      file: StaticString = #filePath, line: UInt = #line) {
        let layer = makeLayer(shape, columnBufferLimit: columnBufferLimit)
        let input = randomFloats(batch * shape.channels * shape.height * shape.width, seed: 13)
        let values = parameters(shape)
        let observed = layer.forward(input, batch: batch, parameters: values)
        let expected = NaiveReference.conv2d(input.map(Double.init), batch: batch, shape: shape,
                                             weight: values[0], bias: values[1])
        XCTAssertEqual(layer.outputShape,
                       [shape.outChannels, shape.outputHeight, shape.outputWidth],
                       "output shape", file: file, line: line)
        assertClose(observed, expected, relative: 1e-5, absolute: 1e-5, "conv forward \(shape)",
                    file: file, line: line)
    }

    func testForwardStrideOne() {
        checkForward(Shape(channels: 1, height: 6, width: 6, outChannels: 2, kernel: 3,
                           stride: 1, padding: 0), batch: 2)
    }

    func testForwardSamePadding() {
        checkForward(Shape(channels: 3, height: 5, width: 5, outChannels: 4, kernel: 3,
                           stride: 1, padding: 1), batch: 2)
    }

    func testForwardStrideTwoPadOne() {
        checkForward(Shape(channels: 3, height: 7, width: 5, outChannels: 4, kernel: 3,
                           stride: 2, padding: 1), batch: 2)
    }

    func testForwardNonSquareStrideThree() {
        checkForward(Shape(channels: 2, height: 4, width: 9, outChannels: 3, kernel: 2,
                           stride: 3, padding: 2), batch: 3)
    }

    func testForwardKernelOne() {
        checkForward(Shape(channels: 4, height: 3, width: 2, outChannels: 5, kernel: 1,
                           stride: 1, padding: 0), batch: 2)
    }

    func testForwardPaddingWiderThanKernel() {
        checkForward(Shape(channels: 1, height: 2, width: 3, outChannels: 2, kernel: 2,
                           stride: 1, padding: 3), batch: 1)
    }

    func testForwardSeveralBlocks() {
        // 27 patch rows × 12 positions = 324 column values per image, so a limit of 700
        // makes blocks of 2 images and leaves one image for the last block.
        let shape = Shape(channels: 3, height: 6, width: 5, outChannels: 2, kernel: 3,
                          stride: 1, padding: 0)
        XCTAssertEqual(makeLayer(shape, columnBufferLimit: 700).blockSize(batch: 5), 2)
        checkForward(shape, batch: 5, columnBufferLimit: 700)
    }

    func testBackwardStrideTwoPadOne() {
        let shape = Shape(channels: 3, height: 7, width: 5, outChannels: 4, kernel: 3,
                          stride: 2, padding: 1)
        checkGradients(of: makeLayer(shape), input: randomFloats(2 * 3 * 7 * 5, seed: 14),
                       batch: 2, parameters: parameters(shape), step: 1e-2, tolerance: 1e-3)
    }

    func testBackwardOverlappingWindows() {
        let shape = Shape(channels: 2, height: 5, width: 6, outChannels: 3, kernel: 3,
                          stride: 1, padding: 2)
        checkGradients(of: makeLayer(shape), input: randomFloats(2 * 2 * 5 * 6, seed: 15),
                       batch: 2, parameters: parameters(shape), step: 1e-2, tolerance: 1e-3)
    }

    func testBackwardSeveralBlocks() {
        let shape = Shape(channels: 2, height: 4, width: 5, outChannels: 3, kernel: 2,
                          stride: 2, padding: 1)
        // 8 patch rows × 9 positions = 72 column values per image: blocks of 2, then 1.
        let layer = makeLayer(shape, columnBufferLimit: 150)
        XCTAssertEqual(layer.blockSize(batch: 3), 2)
        checkGradients(of: layer, input: randomFloats(3 * 2 * 4 * 5, seed: 16), batch: 3,
                       parameters: parameters(shape), step: 1e-2, tolerance: 1e-3)
    }
}
