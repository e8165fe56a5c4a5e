import XCTest
@testable import Numerics

/// ReLU forward against its definition (exact), NaN kept, and backward against central
/// differences with step 1e-2 on inputs at least 0.1 from the kink at 0; tolerance 1e-3.
final class ReLULayerTests: XCTestCase {
    let layer = ReLULayer(shape: [2, 3])

    func testForwardMatchesDefinition() {
        let input = randomFloats(12, seed: 41)
        let observed = layer.forward(input, batch: 2, parameters: [])
        let expected = NaiveReference.relu(input.map(Double.init))
        assertClose(observed, expected, relative: 0, absolute: 0, "relu forward")
    }

    func testForwardKeepsNaN() {
        let output = layer.forward([.nan, -1, 2, -.infinity, .infinity, 0], batch: 1,
                                   parameters: [])
        XCTAssertTrue(output[0].isNaN, "expected NaN, observed \(output[0])")
        XCTAssertEqual(Array(output[1...]), [0, 2, 0, .infinity, 0])
    }

    func testBackwardMatchesDifferences() {
        let input = randomFloats(12, seed: 42).map { $0 < 0 ? $0 - 0.1 : $0 + 0.1 }
        checkGradients(of: layer, input: input, batch: 2, parameters: [], step: 1e-2,
                       tolerance: 1e-3)
    }
}
