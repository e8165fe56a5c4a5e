import XCTest
@testable import Numerics

/// Two SGD steps against updates worked by hand (lr 0.1, momentum 0.9, weight decay 0.01),
/// to 1e-6 relative, the rounding of a few Float operations.
final class SGDTests: XCTestCase {
    func testTwoStepsWithMomentumAndDecay() {
        var parameters = Parameters([("w", Tensor(shape: [2], data: [1, -2])),
                                     ("b", Tensor(shape: [1], data: [0.5]))])
        var optimizer = SGD(learningRate: 0.1, momentum: 0.9, weightDecay: 0.01)

        // Step 1: g = grad + 0.01·θ; v = g; θ −= 0.1·v.
        //   w: g = (0.5 + 0.01, 1 − 0.02) = (0.51, 0.98); θ = (0.949, −2.098)
        //   b: g = −0.25 + 0.005 = −0.245; θ = 0.5245
        optimizer.step(&parameters, gradients: Parameters([
            ("w", Tensor(shape: [2], data: [0.5, 1])),
            ("b", Tensor(shape: [1], data: [-0.25])),
        ]))
        assertClose(parameters["w"]!.data, [0.949, -2.098], relative: 1e-6, absolute: 0, "w")
        assertClose(parameters["b"]!.data, [0.5245], relative: 1e-6, absolute: 0, "b")

        // Step 2: v = 0.9·v + g.
        //   w: g = (0.1 + 0.00949, −0.3 − 0.02098) = (0.10949, −0.32098)
        //      v = (0.459 + 0.10949, 0.882 − 0.32098) = (0.56849, 0.56102)
        //      θ = (0.949 − 0.056849, −2.098 − 0.056102) = (0.892151, −2.154102)
        //   b: g = 0 + 0.005245; v = −0.2205 + 0.005245 = −0.215255; θ = 0.5460255
        optimizer.step(&parameters, gradients: Parameters([
            ("w", Tensor(shape: [2], data: [0.1, -0.3])),
            ("b", Tensor(shape: [1], data: [0])),
        ]))
        assertClose(parameters["w"]!.data, [0.892151, -2.154102], relative: 1e-6, absolute: 0,
                    "w")
        assertClose(parameters["b"]!.data, [0.5460255], relative: 1e-6, absolute: 0, "b")
        XCTAssertEqual(parameters.names, ["w", "b"], "step keeps the tensor order")
    }

    func testWithoutMomentumIsPlainDescent() {
        var parameters = Parameters([("w", Tensor(shape: [1], data: [1]))])
        var optimizer = SGD(learningRate: 0.5, momentum: 0, weightDecay: 0)
        let gradients = Parameters([("w", Tensor(shape: [1], data: [0.25]))])
        optimizer.step(&parameters, gradients: gradients)
        optimizer.step(&parameters, gradients: gradients)
        XCTAssertEqual(parameters["w"]!.data, [0.75])
    }
}
