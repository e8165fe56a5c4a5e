import Engine
import Numerics
import XCTest

final class DirectionsTests: XCTestCase {
    /// A conv weight, a conv bias, a dense weight and a dense bias with varied filter norms.
    private func parameters(seed: UInt64, scale: Float = 1) -> Parameters {
        var generator = SeededGenerator(seed: seed)
        func tensor(_ shape: [Int]) -> Tensor {
            let values = generator.gaussians(count: shape.reduce(1, *)).enumerated()
                .map { index, value in value * scale * Float(1 + index % 7) }
            return Tensor(shape: shape, data: values)
        }
        return Parameters([
            ("conv.weight", tensor([4, 3, 3, 3])), ("conv.bias", tensor([4])),
            ("fc.weight", tensor([5, 12])), ("fc.bias", tensor([5])),
        ])
    }

    private func norm(_ values: ArraySlice<Float>) -> Double {
        values.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot()
    }

    func testFilterNormsMatchTheta() {
        let theta = parameters(seed: 3)
        let (delta, eta) = Directions.pair(like: theta, seed: 7)
        for direction in [delta, eta] {
            for name in ["conv.weight", "fc.weight"] {
                let t = theta[name]!, d = direction[name]!
                let size = t.count / t.shape[0]
                for filter in 0..<t.shape[0] {
                    let range = (filter * size)..<((filter + 1) * size)
                    let expected = norm(t.data[range]), observed = norm(d.data[range])
                    let error = abs(observed - expected) / expected
                    XCTAssertLessThan(error, 1e-5,
                        "\(name) filter \(filter): expected \(expected), got \(observed)")
                }
            }
        }
    }

    func testBiasesStayStillByDefault() {
        let theta = parameters(seed: 3)
        let (delta, _) = Directions.pair(like: theta, seed: 7)
        XCTAssertEqual(delta["conv.bias"]!.data, [Float](repeating: 0, count: 4))
        XCTAssertEqual(delta["fc.bias"]!.data, [Float](repeating: 0, count: 5))
    }

    func testIncludedBiasesEqualTheta() {
        let theta = parameters(seed: 3)
        let (delta, _) = Directions.pair(like: theta, seed: 7, ignoreBiasAndNorm: false)
        XCTAssertEqual(delta["conv.bias"], theta["conv.bias"])
        XCTAssertEqual(delta["fc.bias"], theta["fc.bias"])
    }

    func testSameSeedSameDirections() {
        let theta = parameters(seed: 3)
        let first = Directions.pair(like: theta, seed: 11)
        let second = Directions.pair(like: theta, seed: 11)
        XCTAssertEqual(first.0, second.0)
        XCTAssertEqual(first.1, second.1)
        XCTAssertNotEqual(first.0, first.1)
    }

    func testSameSeedSameRawDrawAcrossModels() {
        let a = parameters(seed: 3), b = parameters(seed: 4, scale: 10)
        let rawA = Directions.pair(like: a, seed: 5, normalization: .none)
        let rawB = Directions.pair(like: b, seed: 5, normalization: .none)
        XCTAssertEqual(rawA.0["conv.weight"], rawB.0["conv.weight"])
        XCTAssertEqual(rawA.1["fc.weight"], rawB.1["fc.weight"])
    }

    func testLayerNormMatchesTensorNorm() {
        let theta = parameters(seed: 3)
        let (delta, _) = Directions.pair(like: theta, seed: 7, normalization: .layer)
        for name in ["conv.weight", "fc.weight"] {
            let expected = theta[name]!.norm, observed = delta[name]!.norm
            XCTAssertEqual(observed, expected, accuracy: expected * 1e-5, name)
        }
    }

    func testWeightNormIsElementwiseProduct() {
        let theta = parameters(seed: 3)
        let raw = Directions.pair(like: theta, seed: 7, normalization: .none).0
        let weighted = Directions.pair(like: theta, seed: 7, normalization: .weight).0
        let expected = zip(raw["fc.weight"]!.data, theta["fc.weight"]!.data).map { $0 * $1 }
        XCTAssertEqual(weighted["fc.weight"]!.data, expected)
    }
}
