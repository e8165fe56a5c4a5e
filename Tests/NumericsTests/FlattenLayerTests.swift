import XCTest
@testable import Numerics

final class FlattenLayerTests: XCTestCase {
    let layer = FlattenLayer(inputShape: [2, 3, 4])

    func testOutputShape() {
        XCTAssertEqual(layer.outputShape, [24])
    }

    func testForwardKeepsValues() {
        let input = randomFloats(48, seed: 51)
        XCTAssertEqual(layer.forward(input, batch: 2, parameters: []), input)
    }

    func testBackwardKeepsGradient() {
        let gradient = randomFloats(48, seed: 52)
        let result = layer.backward(input: randomFloats(48, seed: 53), outputGradient: gradient,
                                    batch: 2, parameters: [], computeInputGradient: true)
        XCTAssertEqual(result.input, gradient)
    }
}
