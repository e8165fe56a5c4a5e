import XCTest
@testable import Numerics

/// im2col against its definition (exact, since it only copies), and col2im as its adjoint:
/// ⟨im2col(x), c⟩ = ⟨x, col2im(c)⟩ to 1e-6 relative, the bound on col2im's Float additions of
/// at most 9 terms per entry.
final class ConvGeometryTests: XCTestCase {
    let geometry = ConvGeometry(channels: 2, height: 5, width: 4, kernel: 3, stride: 2,
                                padding: 1)
    let images = 2

    func unfold(_ input: [Float]) -> [Float] {
        let count = geometry.patchSize * images * geometry.outputPositions
        var columns = [Float](repeating: .nan, count: count)
        input.withUnsafeBufferPointer { x in
            columns.withUnsafeMutableBufferPointer { c in
                geometry.im2col(x.baseAddress!, images: images, into: c.baseAddress!)
            }
        }
        return columns
    }

    func testOutputSize() {
        XCTAssertEqual(geometry.outputHeight, 3)
        XCTAssertEqual(geometry.outputWidth, 2)
    }

    func testIm2colMatchesDefinition() {
        let input = randomFloats(images * geometry.imageSize, seed: 21)
        let columns = unfold(input)
        let rowLength = images * geometry.outputPositions
        var expected = [Double](repeating: 0, count: columns.count)
        for image in 0..<images {
            for channel in 0..<2 {
                for i in 0..<3 {
                    for j in 0..<3 {
                        for r in 0..<3 {
                            for c in 0..<2 {
                                let y = r * 2 - 1 + i
                                let x = c * 2 - 1 + j
                                let row = (channel * 3 + i) * 3 + j
                                let column = image * 6 + r * 2 + c
                                guard (0..<5).contains(y), (0..<4).contains(x) else { continue }
                                let source = ((image * 2 + channel) * 5 + y) * 4 + x
                                expected[row * rowLength + column] = Double(input[source])
                            }
                        }
                    }
                }
            }
        }
        assertClose(columns, expected, relative: 0, absolute: 0, "im2col")
    }

    func testCol2imIsAdjoint() {
        let input = randomFloats(images * geometry.imageSize, seed: 22)
        let columns = randomFloats(geometry.patchSize * images * geometry.outputPositions,
                                   seed: 23)
        var folded = [Float](repeating: 0, count: input.count)
        columns.withUnsafeBufferPointer { c in
            folded.withUnsafeMutableBufferPointer { x in
                geometry.col2im(c.baseAddress!, images: images, addingInto: x.baseAddress!)
            }
        }
        let left = weightedSum(unfold(input), columns)
        let right = weightedSum(input, folded)
        assertClose([left], [right], relative: 1e-6, absolute: 1e-6, "adjoint")
    }

    func testValidOutputsRange() {
        // Input index o·2 − 1 + offset must lie in 0..<4, for outputs 0..<2.
        XCTAssertEqual(geometry.validOutputs(offset: 0, inputSize: 4, outputSize: 2), 1..<2)
        XCTAssertEqual(geometry.validOutputs(offset: 1, inputSize: 4, outputSize: 2), 0..<2)
        XCTAssertEqual(geometry.validOutputs(offset: 2, inputSize: 4, outputSize: 2), 0..<2)
    }
}
