import XCTest
@testable import Numerics

/// im2col against its definition (exact, since it only copies), and col2im as its adjoint:
/// ⟨im2col(x), c⟩ = ⟨x, col2im(c)⟩ to 1e-6 relative, the bound on col2im's Float additions of
/// at most 25 terms per entry. The geometries cover the strided path and the contiguous
/// stride-1 "same" path.
final class ConvGeometryTests: XCTestCase {
    let geometries = [
        ConvGeometry(channels: 2, height: 5, width: 4, kernel: 3, stride: 2, padding: 1),
        ConvGeometry(channels: 2, height: 5, width: 4, kernel: 3, stride: 1, padding: 1),
        ConvGeometry(channels: 1, height: 3, width: 4, kernel: 5, stride: 1, padding: 2),
        ConvGeometry(channels: 3, height: 4, width: 3, kernel: 2, stride: 1, padding: 0),
        ConvGeometry(channels: 1, height: 2, width: 2, kernel: 3, stride: 1, padding: 3),
    ]
    let images = 2

    func unfold(_ input: [Float], _ geometry: ConvGeometry) -> [Float] {
        let count = geometry.patchSize * images * geometry.outputPositions
        var columns = [Float](repeating: .nan, count: count)
        input.withUnsafeBufferPointer { x in
            columns.withUnsafeMutableBufferPointer { c in
                geometry.im2col(x.baseAddress!, images: images, into: c.baseAddress!)
            }
        }
        return columns
    }

    /// Returns the column matrix from its definition, one entry at a time.
    func referenceColumns(_ input: [Float], _ g: ConvGeometry) -> [Double] {
        let rowLength = images * g.outputPositions
        var expected = [Double](repeating: 0, count: g.patchSize * rowLength)
        for image in 0..<images {
            for channel in 0..<g.channels {
                for i in 0..<g.kernel {
                    for j in 0..<g.kernel {
                        for r in 0..<g.outputHeight {
                            for c in 0..<g.outputWidth {
                                let y = r * g.stride - g.padding + i
                                let x = c * g.stride - g.padding + j
                                guard (0..<g.height).contains(y),
                                      (0..<g.width).contains(x) else { continue }
                                let row = (channel * g.kernel + i) * g.kernel + j
                                let column = image * g.outputPositions + r * g.outputWidth + c
                                let source = ((image * g.channels + channel) * g.height + y)
                                    * g.width + x
                                expected[row * rowLength + column] = Double(input[source])
                            }
                        }
                    }
                }
            }
        }
        return expected
    }

    func testOutputSize() {
        XCTAssertEqual(geometries[0].outputHeight, 3)
        XCTAssertEqual(geometries[0].outputWidth, 2)
        XCTAssertEqual(geometries[4].outputHeight, 6)
    }

    func testIm2colMatchesDefinition() {
        for geometry in geometries {
            let input = randomFloats(images * geometry.imageSize, seed: 21)
            assertClose(unfold(input, geometry), referenceColumns(input, geometry), relative: 0,
                        absolute: 0, "im2col \(geometry)")
        }
    }

    func testCol2imIsAdjoint() {
        for geometry in geometries {
            let input = randomFloats(images * geometry.imageSize, seed: 22)
            let columns = randomFloats(geometry.patchSize * images * geometry.outputPositions,
                                       seed: 23)
            var folded = [Float](repeating: 0, count: input.count)
            columns.withUnsafeBufferPointer { c in
                folded.withUnsafeMutableBufferPointer { x in
                    geometry.col2im(c.baseAddress!, images: images, addingInto: x.baseAddress!)
                }
            }
            let left = weightedSum(unfold(input, geometry), columns)
            let right = weightedSum(input, folded)
            assertClose([left], [right], relative: 1e-6, absolute: 1e-6, "adjoint \(geometry)")
        }
    }

    func testValidOutputsRange() {
        // Input index o·2 − 1 + offset must lie in 0..<4, for outputs 0..<2.
        let geometry = geometries[0]
        XCTAssertEqual(geometry.validOutputs(offset: 0, inputSize: 4, outputSize: 2), 1..<2)
        XCTAssertEqual(geometry.validOutputs(offset: 1, inputSize: 4, outputSize: 2), 0..<2)
        XCTAssertEqual(geometry.validOutputs(offset: 2, inputSize: 4, outputSize: 2), 0..<2)
    }
}
