import XCTest
@testable import Numerics

/// The messages of architectures that `Network.init` rejects, as a table.
final class NetworkInitTests: XCTestCase {
    func architecture(_ layers: [LayerSpec], inputShape: [Int] = [1, 28, 28],
                      mean: Float = 0.5, std: Float = 0.25) -> Architecture {
        Architecture(inputShape: inputShape, inputMean: mean, inputStd: std, layers: layers)
    }

    func conv(_ name: String, _ inChannels: Int, _ outChannels: Int, kernel: Int = 3,
              stride: Int = 1, padding: Int = 1) -> LayerSpec {
        .conv2d(name: name, inChannels: inChannels, outChannels: outChannels, kernel: kernel,
                stride: stride, padding: padding)
    }

    func testRejectedArchitectures() {
        let cases: [(Architecture, String)] = [
            (architecture([conv("conv1", 1, 16), .relu, .maxPool(kernel: 2, stride: 2),
                           .flatten, .dense(name: "fc1", inputs: 1568, outputs: 10)]),
             "layer 4 (dense fc1) expects 1568 inputs, gets 3136"),
            (architecture([conv("conv1", 1, 8), .dense(name: "fc1", inputs: 8, outputs: 10)]),
             "layer 1 (dense fc1) expects a flat input of 8 values, gets shape [8, 28, 28]; "
                + "add a flatten layer before it"),
            (architecture([conv("conv1", 1, 8), conv("conv2", 16, 8)]),
             "layer 1 (conv2d conv2) expects 16 input channels, gets 8"),
            (architecture([conv("conv1", 1, 8, kernel: 0)]),
             "layer 0 (conv2d conv1) has kernel 0, expected at least 1"),
            (architecture([conv("conv1", 1, 8, stride: -1)]),
             "layer 0 (conv2d conv1) has stride -1, expected at least 1"),
            (architecture([conv("conv1", 1, 8, padding: -1)]),
             "layer 0 (conv2d conv1) has padding -1, expected 0 or more"),
            (architecture([conv("conv1", 1, 0)]),
             "layer 0 (conv2d conv1) has output channels 0, expected at least 1"),
            (architecture([conv("conv1", 1, 8, kernel: 5, padding: 0)], inputShape: [1, 4, 9]),
             "layer 0 (conv2d conv1) kernel 5 does not fit the 4x9 input with padding 0"),
            (architecture([.flatten, conv("conv1", 1, 8)]),
             "layer 1 (conv2d conv1) expects a [channels, height, width] input, "
                + "gets shape [784]"),
            (architecture([.maxPool(kernel: 2, stride: 0)]),
             "layer 0 (maxpool) has stride 0, expected at least 1"),
            (architecture([.maxPool(kernel: 5, stride: 1)], inputShape: [1, 4, 4]),
             "layer 0 (maxpool) kernel 5 does not fit the 4x4 input"),
            (architecture([.flatten, .dense(name: "fc", inputs: 784, outputs: 0)]),
             "layer 1 (dense fc) has outputs 0, expected at least 1"),
            (architecture([.flatten, .dense(name: "fc", inputs: 784, outputs: 10),
                           .dense(name: "fc", inputs: 10, outputs: 10)]),
             "layer 2 (dense fc) reuses the name of layer 1 (dense fc)"),
            (architecture([.flatten, .dense(name: "", inputs: 784, outputs: 10)]),
             "layer 1 (dense) has an empty name"),
            (architecture([conv("conv1", 1, 4), .relu]),
             "the last layer, layer 1 (relu), outputs shape [4, 28, 28]; expected a flat "
                + "vector of class scores, such as a dense layer gives"),
            (architecture([]), "the architecture has no layers"),
            (architecture([.flatten], inputShape: [28, 28]),
             "input shape [28, 28] must have 3 dimensions [channels, height, width]"),
            (architecture([.flatten], inputShape: [1, 0, 28]),
             "input shape [1, 0, 28] must be positive in every dimension"),
            (architecture([.flatten], std: 0), "input std 0.0 must be positive and finite"),
            (architecture([.flatten], mean: .nan), "input mean nan must be finite"),
        ]
        for (architecture, expected) in cases {
            XCTAssertThrowsError(try Network(architecture: architecture)) { error in
                XCTAssertEqual("\(error)", expected)
            }
        }
    }

    func testRejectedResidualArchitectures() {
        let head: [LayerSpec] = [.globalAvgPool, .dense(name: "fc", inputs: 8, outputs: 10)]
        func block(_ body: [LayerSpec], _ shortcut: Shortcut) -> LayerSpec {
            .residual(name: "block", body: body, shortcut: shortcut)
        }
        let cases: [(Architecture, String)] = [
            (architecture([conv("stem", 1, 4), block([conv("conv1", 4, 8)], .identity)] + head),
             "layer 1 (residual block) body outputs shape [8, 28, 28], but the identity "
                + "shortcut gives its input shape [4, 28, 28]; use a projection shortcut"),
            (architecture([conv("stem", 1, 4), block([conv("conv1", 8, 8)], .none)] + head),
             "layer 1 (residual block) body layer 0 (conv2d conv1) expects 8 input channels, "
                + "gets 4"),
            (architecture([block([], .identity)] + head),
             "layer 0 (residual block) has an empty body"),
            (architecture([conv("stem", 1, 4),
                           block([conv("conv1", 4, 8, stride: 2)],
                                 .projection(stride: 1, batchNorm: true))] + head),
             "layer 1 (residual block) body outputs shape [8, 14, 14], but the projection "
                + "shortcut gives [8, 28, 28]; set its stride to the body's"),
            (architecture([conv("stem", 1, 8),
                           block([.relu], .projection(stride: 1, batchNorm: false))] + head),
             "layer 1 (residual block) projection shortcut takes its channels from the body's "
                + "first and last conv2d or batchnorm layers, which do not give 8 in and 8 out"),
            (architecture([conv("stem", 1, 8),
                           block([conv("conv1", 8, 8)], .projection(stride: 0, batchNorm: true))]
                          + head),
             "layer 1 (residual block) has shortcut stride 0, expected at least 1"),
            (architecture([conv("stem", 1, 8),
                           block([conv("conv1", 8, 8), conv("conv1", 8, 8)], .identity)] + head),
             "layer 1 (residual block) body layer 1 (conv2d conv1) reuses the name of layer 0 "
                + "(conv2d conv1)"),
            (architecture([conv("block.conv1", 1, 8), block([conv("conv1", 8, 8)], .identity)]
                          + head),
             "layer 1 (residual block) owns tensor block.conv1.weight, which layer 0 (conv2d "
                + "block.conv1) owns too"),
            (architecture([conv("stem", 1, 4), .batchNorm(name: "bn", channels: 8)] + head),
             "layer 1 (batchnorm bn) expects 8 input channels, gets 4"),
            (architecture([.flatten, .batchNorm(name: "bn", channels: 1)] + head),
             "layer 1 (batchnorm bn) expects a [channels, height, width] input, gets shape "
                + "[784]"),
            (architecture([.avgPool(kernel: 29, stride: 1)] + head),
             "layer 0 (avgpool) kernel 29 does not fit the 28x28 input"),
            (architecture([.flatten, .globalAvgPool]),
             "layer 1 (globalavgpool) expects a [channels, height, width] input, gets shape "
                + "[784]"),
        ]
        for (architecture, expected) in cases {
            XCTAssertThrowsError(try Network(architecture: architecture)) { error in
                XCTAssertEqual("\(error)", expected)
            }
        }
    }

    func testOutputShapesOfSmallCNN() throws {
        let network = try Network(architecture: architecture([
            conv("conv1", 1, 16), .relu, .maxPool(kernel: 2, stride: 2),
            conv("conv2", 16, 32), .relu, .maxPool(kernel: 2, stride: 2),
            .flatten, .dense(name: "fc1", inputs: 1568, outputs: 128), .relu,
            .dense(name: "fc2", inputs: 128, outputs: 10),
        ]))
        XCTAssertEqual(network.outputShapes, [
            [16, 28, 28], [16, 28, 28], [16, 14, 14], [32, 14, 14], [32, 14, 14], [32, 7, 7],
            [1568], [128], [128], [10],
        ])
        XCTAssertEqual(network.classCount, 10)
    }

    func testValidateNamesTensor() throws {
        let network = try Network(architecture: architecture([
            .flatten, .dense(name: "fc", inputs: 784, outputs: 10),
        ]))
        var parameters = network.initialParameters(seed: 1)
        XCTAssertNoThrow(try network.validate(parameters))
        parameters["fc.bias"] = Tensor(zeros: [9])
        XCTAssertThrowsError(try network.validate(parameters)) { error in
            XCTAssertEqual("\(error)",
                           "parameter fc.bias has shape [9], but layer 1 (dense fc) expects [10]")
        }
        parameters["fc.bias"] = nil
        XCTAssertThrowsError(try network.validate(parameters)) { error in
            XCTAssertEqual("\(error)", "parameter fc.bias of layer 1 (dense fc) is missing")
        }
    }
}
