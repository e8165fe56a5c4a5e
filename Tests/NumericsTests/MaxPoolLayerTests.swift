import XCTest
@testable import Numerics

/// Max pool forward against a Double loop, exactly, since it only selects values, and its
/// NaN spread. Backward against central differences with step 1e-2 and tolerance 1e-3, on
/// inputs spaced 0.05 apart so that no step changes which value a window selects.
final class MaxPoolLayerTests: XCTestCase {
    func checkForward(channels: Int, height: Int, width: Int, kernel: Int, stride: Int,
                      batch: Int, file: StaticString = #filePath, line: UInt = #line) {
        let layer = MaxPoolLayer(channels: channels, height: height, width: width,
                                 kernel: kernel, stride: stride)
        let input = randomFloats(batch * channels * height * width, seed: 31)
        let observed = layer.forward(input, batch: batch, parameters: [])
        let expected = NaiveReference.maxPool(input.map(Double.init), batch: batch,
                                              channels: channels, height: height, width: width,
                                              kernel: kernel, stride: stride)
        assertClose(observed, expected, relative: 0, absolute: 0,
                    "max pool k\(kernel) s\(stride)", file: file, line: line)
    }

    func testForwardKernelTwoStrideTwo() {
        checkForward(channels: 3, height: 6, width: 4, kernel: 2, stride: 2, batch: 2)
    }

    func testForwardOddSizeFloors() {
        let layer = MaxPoolLayer(channels: 1, height: 7, width: 5, kernel: 2, stride: 2)
        XCTAssertEqual(layer.outputShape, [1, 3, 2])
        checkForward(channels: 1, height: 7, width: 5, kernel: 2, stride: 2, batch: 2)
    }

    func testForwardOverlappingStride() {
        checkForward(channels: 2, height: 5, width: 7, kernel: 3, stride: 2, batch: 2)
    }

    func testForwardStrideAboveKernel() {
        checkForward(channels: 2, height: 8, width: 7, kernel: 2, stride: 3, batch: 1)
    }

    func testForwardSpreadsNaN() {
        let layer = MaxPoolLayer(channels: 1, height: 2, width: 4, kernel: 2, stride: 2)
        let input: [Float] = [1, .nan, 5, 6,
                              2, 3, 7, 8]
        let output = layer.forward(input, batch: 1, parameters: [])
        XCTAssertTrue(output[0].isNaN, "expected NaN, observed \(output[0])")
        XCTAssertEqual(output[1], 8)
    }

    func testTwoByTwoSpreadsNaNFromEveryTap() {
        let layer = MaxPoolLayer(channels: 1, height: 2, width: 2, kernel: 2, stride: 2)
        for position in 0..<4 {
            var input: [Float] = [1, 2, 3, 4]
            input[position] = .nan
            let output = layer.forward(input, batch: 1, parameters: [])
            XCTAssertTrue(output[0].isNaN, "NaN at tap \(position): observed \(output[0])")
        }
    }

    func testTwoByTwoTieKeepsFirstZero() {
        let layer = MaxPoolLayer(channels: 1, height: 2, width: 2, kernel: 2, stride: 2)
        let output = layer.forward([-0.0, 0.0, -1, 0.0], batch: 1, parameters: [])
        XCTAssertEqual(output[0].sign, .minus, "observed \(output[0])")
    }

    func testBackwardNonOverlapping() {
        let layer = MaxPoolLayer(channels: 2, height: 5, width: 4, kernel: 2, stride: 2)
        checkGradients(of: layer, input: distinctFloats(2 * 2 * 5 * 4, seed: 32, spacing: 0.05),
                       batch: 2, parameters: [], step: 1e-2, tolerance: 1e-3)
    }

    func testBackwardOverlapping() {
        let layer = MaxPoolLayer(channels: 2, height: 6, width: 5, kernel: 3, stride: 1)
        checkGradients(of: layer, input: distinctFloats(2 * 2 * 6 * 5, seed: 33, spacing: 0.05),
                       batch: 2, parameters: [], step: 1e-2, tolerance: 1e-3)
    }

    func testBackwardRoutesToFirstNaN() {
        let layer = MaxPoolLayer(channels: 1, height: 2, width: 2, kernel: 2, stride: 2)
        let gradients = layer.backward(input: [1, .nan, .nan, 5], outputGradient: [1], batch: 1,
                                       parameters: [], computeInputGradient: true)
        XCTAssertEqual(gradients.input, [0, 1, 0, 0])
    }

    func testBackwardRoutesToFirstOfTie() {
        let layer = MaxPoolLayer(channels: 1, height: 2, width: 2, kernel: 2, stride: 2)
        let gradients = layer.backward(input: [3, 3, 1, 3], outputGradient: [1], batch: 1,
                                       parameters: [], computeInputGradient: true)
        XCTAssertEqual(gradients.input, [1, 0, 0, 0])
    }
}
