import XCTest
@testable import Numerics

/// Average and global average pooling against Double loops to 1e-6, and backward against
/// central differences with step 1e-2 and tolerance 1e-3. Both are linear, so the
/// differences are exact up to Float rounding.
final class AvgPoolLayerTests: XCTestCase {
    func checkAvgPool(_ shape: NaiveReference.PlaneShape, kernel: Int, stride: Int,
                      file: StaticString = #filePath, line: UInt = #line) {
        let layer = AvgPoolLayer(channels: shape.channels, height: shape.height,
                                 width: shape.width, kernel: kernel, stride: stride)
        let input = randomFloats(shape.batch * shape.channels * shape.planeSize, seed: 51)
        let expected = NaiveReference.avgPool(input.map(Double.init), shape: shape,
                                              kernel: kernel, stride: stride)
        assertClose(layer.forward(input, batch: shape.batch, parameters: []), expected,
                    relative: 1e-6, absolute: 1e-6, "avg pool k\(kernel) s\(stride)",
                    file: file, line: line)
        checkGradients(of: layer, input: input, batch: shape.batch, parameters: [],
                       step: 1e-2, tolerance: 1e-3, file: file, line: line)
    }

    func testKernelTwoStrideTwo() {
        checkAvgPool(.init(batch: 2, channels: 3, height: 4, width: 6), kernel: 2, stride: 2)
    }

    func testOverlappingOddSize() {
        checkAvgPool(.init(batch: 2, channels: 2, height: 5, width: 7), kernel: 3, stride: 2)
    }

    func testStrideAboveKernel() {
        checkAvgPool(.init(batch: 1, channels: 1, height: 8, width: 7), kernel: 2, stride: 3)
    }

    func testAvgPoolSpreadsNaN() {
        let layer = AvgPoolLayer(channels: 1, height: 2, width: 4, kernel: 2, stride: 2)
        let output = layer.forward([1, 2, 3, 4, .nan, 6, 7, 8], batch: 1, parameters: [])
        XCTAssertTrue(output[0].isNaN)
        XCTAssertEqual(output[1], 5.5)
    }

    func testGlobalAvgPool() {
        let shape = NaiveReference.PlaneShape(batch: 3, channels: 4, height: 3, width: 5)
        let layer = GlobalAvgPoolLayer(channels: 4, height: 3, width: 5)
        XCTAssertEqual(layer.outputShape, [4])
        let input = randomFloats(3 * 4 * 15, seed: 52)
        let expected = NaiveReference.globalAvgPool(input.map(Double.init), shape: shape)
        assertClose(layer.forward(input, batch: 3, parameters: []), expected,
                    relative: 1e-6, absolute: 1e-7, "global avg pool")
        checkGradients(of: layer, input: input, batch: 3, parameters: [], step: 1e-2,
                       tolerance: 1e-3)
    }

    func testGlobalAvgPoolSpreadsInfinity() {
        let layer = GlobalAvgPoolLayer(channels: 2, height: 1, width: 2)
        let output = layer.forward([1, .infinity, 2, 4], batch: 1, parameters: [])
        XCTAssertEqual(output, [.infinity, 3])
    }
}
