import XCTest
@testable import Numerics

/// Dense forward against a Double loop, to 1e-5 relative and absolute, since sgemm sums
/// 7 Float products of size ≤ 1. Backward against central differences with step 1e-2 and
/// tolerance 1e-3: the layer is linear, so only Float rounding remains.
final class DenseLayerTests: XCTestCase {
    let layer = DenseLayer(inputs: 7, outputs: 5)
    let batch = 3

    func parameters() -> [[Float]] {
        [randomFloats(35, seed: 1), randomFloats(5, seed: 2)]
    }

    func testForwardMatchesLoop() {
        let input = randomFloats(batch * 7, seed: 3)
        let values = parameters()
        let observed = layer.forward(input, batch: batch, parameters: values)
        let expected = NaiveReference.dense(input.map(Double.init), batch: batch, inputs: 7,
                                            outputs: 5, weight: values[0], bias: values[1])
        assertClose(observed, expected, relative: 1e-5, absolute: 1e-5, "dense forward")
    }

    func testForwardSingleSample() {
        let input = randomFloats(7, seed: 4)
        let values = parameters()
        let observed = layer.forward(input, batch: 1, parameters: values)
        let expected = NaiveReference.dense(input.map(Double.init), batch: 1, inputs: 7,
                                            outputs: 5, weight: values[0], bias: values[1])
        assertClose(observed, expected, relative: 1e-5, absolute: 1e-5, "dense forward")
    }

    func testBackwardMatchesDifferences() {
        checkGradients(of: layer, input: randomFloats(batch * 7, seed: 5), batch: batch,
                       parameters: parameters(), step: 1e-2, tolerance: 1e-3)
    }

    func testBackwardSkipsInputGradient() {
        let gradients = layer.backward(input: randomFloats(batch * 7, seed: 6),
                                       outputGradient: randomFloats(batch * 5, seed: 7),
                                       batch: batch, parameters: parameters(),
                                       computeInputGradient: false)
        XCTAssertNil(gradients.input)
        XCTAssertEqual(gradients.parameters.map(\.count), [35, 5])
    }
}
