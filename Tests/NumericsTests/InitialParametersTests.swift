import XCTest
@testable import Numerics

/// He-normal initialization: names and shapes in layer order, zero biases, a sample standard
/// deviation within 5% of √(2 / fan_in) over 25,088 conv2 weights (the sampling error is
/// about 0.5%), and the same values for the same seed.
final class InitialParametersTests: XCTestCase {
    func testNamesShapesAndBiases() throws {
        let network = try makeBenchmarkCNN()
        let parameters = network.initialParameters(seed: 1)
        XCTAssertEqual(parameters.names, ["conv1.weight", "conv1.bias", "conv2.weight",
                                          "conv2.bias", "fc1.weight", "fc1.bias", "fc2.weight",
                                          "fc2.bias"])
        XCTAssertEqual(parameters["conv2.weight"]!.shape, [32, 16, 3, 3])
        XCTAssertEqual(parameters["fc1.weight"]!.shape, [128, 1568])
        for name in parameters.names where name.hasSuffix(".bias") {
            XCTAssertTrue(parameters[name]!.data.allSatisfy { $0 == 0 }, name)
        }
    }

    func testWeightStandardDeviation() throws {
        let network = try makeBenchmarkCNN()
        let weights = network.initialParameters(seed: 2)["conv2.weight"]!.data
        let mean = weights.reduce(0.0) { $0 + Double($1) } / Double(weights.count)
        let variance = weights.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) }
            / Double(weights.count)
        let expected = (2.0 / 144).squareRoot()
        assertClose([variance.squareRoot()], [expected], relative: 0.05, absolute: 0, "std")
        assertClose([mean], [0], relative: 0, absolute: 0.05 * expected, "mean")
    }

    func testSeedIsDeterministic() throws {
        let network = try makeSmallCNN()
        XCTAssertEqual(network.initialParameters(seed: 3), network.initialParameters(seed: 3))
        XCTAssertNotEqual(network.initialParameters(seed: 3), network.initialParameters(seed: 4))
    }
}
