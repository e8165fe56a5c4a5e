import Engine
import Numerics
import XCTest

/// Filter normalization removes the scale symmetry of ReLU networks: multiplying conv1 by 10
/// and conv2 by 0.1 leaves the function unchanged, and the filter-normalized surface too.
final class RescalingInvarianceTests: XCTestCase {
    private let points = [
        SurfacePoint(alpha: 0.5, beta: 0.25), SurfacePoint(alpha: -0.75, beta: 0.5),
        SurfacePoint(alpha: 1, beta: -1),
    ]

    /// Returns θ of the sample CNN with conv1 (weight and bias) times 10 and conv2's weight
    /// times 0.1.
    ///
    /// ReLU and max pooling commute with a positive factor, so conv2 receives 10 times its
    /// usual input and gives the same output: the network computes the same function.
    private func rescaled(_ theta: Parameters) -> Parameters {
        var result = theta
        for (name, factor) in [("conv1.weight", 10), ("conv1.bias", 10),
                               ("conv2.weight", 0.1)] as [(String, Float)] {
            let tensor = theta[name]!
            result[name] = Tensor(shape: tensor.shape, data: tensor.data.map { $0 * factor })
        }
        return result
    }

    /// Returns the surfaces of the original and the rescaled model at `points`, with
    /// directions drawn from seed 5 for each model.
    private func surfaces(_ normalization: Normalization) throws
        -> (original: [PointValue], rescaled: [PointValue]) {
        let loaded = try SampleFixtures.model("cnn-b128-wd0")
        let samples = try SampleFixtures.testImages(200)
        func values(_ theta: Parameters) -> [PointValue] {
            let (delta, eta) = Directions.pair(like: theta, seed: 5, normalization: normalization)
            let function = SurfaceFunction(network: loaded.network, center: theta, delta: delta,
                                           eta: eta, samples: samples)
            return points.map { function($0) }
        }
        return (values(loaded.model.parameters), values(rescaled(loaded.model.parameters)))
    }

    func testRescaledModelHasSameLoss() throws {
        let loaded = try SampleFixtures.model("cnn-b128-wd0")
        let samples = try SampleFixtures.testImages(200)
        let original = evaluate(loaded.network, parameters: loaded.model.parameters,
                                on: samples)
        let moved = evaluate(loaded.network, parameters: rescaled(loaded.model.parameters),
                             on: samples)
        XCTAssertEqual(moved.loss, original.loss, accuracy: 1e-5 * original.loss)
        XCTAssertEqual(moved.accuracy, original.accuracy)
    }

    func testFilterNormalizedSurfaceIsInvariant() throws {
        let (original, rescaled) = try surfaces(.filter)
        for (index, point) in points.enumerated() {
            let expected = original[index].loss, observed = rescaled[index].loss
            let error = abs(observed - expected) / expected
            // Only float32 rounding differs: the products are of values 10 times larger.
            XCTAssertLessThan(error, 1e-4, "at \(point): expected \(expected), observed "
                + "\(observed), relative error \(error)")
        }
    }

    func testUnnormalizedSurfaceChanges() throws {
        let (original, rescaled) = try surfaces(.none)
        for (index, point) in points.enumerated() {
            let expected = original[index].loss, observed = rescaled[index].loss
            let difference = abs(observed - expected) / expected
            XCTAssertGreaterThan(difference, 0.01, "at \(point): original \(expected), "
                + "rescaled \(observed), relative difference \(difference)")
        }
    }
}
