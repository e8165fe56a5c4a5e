import XCTest
@testable import Numerics

/// Exact Hessian-vector products (the R-operator) against central differences of the
/// network's own gradients along the vector, in Float with step 1e-4. The gradients carry
/// Float rounding of about 1e-7, so the differences are good to about 1e-3; the tolerance is
/// 2e-3 absolute plus 1e-2 relative. The networks are tiny, the batches small and the step
/// short, because a step that crosses a ReLU or max-pool kink changes the differences but
/// not the product. With step 1e-3 the residual network's first conv is off by a factor of 20.
final class NetworkHessianTests: XCTestCase {
    /// Returns [1, 4, 4] → conv 2 → BatchNorm → ReLU → identity block → projection block (3
    /// channels, stride 2) → block without shortcut → average pool → flatten → dense 3.
    static func makeResidualNetwork() throws -> Network {
        func block(_ name: String, _ inChannels: Int, _ channels: Int, stride: Int,
                   shortcut: Shortcut) -> LayerSpec {
            .residual(name: name, body: [
                .conv2d(name: "conv1", inChannels: inChannels, outChannels: channels,
                        kernel: 3, stride: stride, padding: 1),
                .batchNorm(name: "bn1", channels: channels),
                .relu,
                .conv2d(name: "conv2", inChannels: channels, outChannels: channels, kernel: 3,
                        stride: 1, padding: 1),
                .batchNorm(name: "bn2", channels: channels),
            ], shortcut: shortcut)
        }
        return try Network(architecture: Architecture(
            inputShape: [1, 4, 4], inputMean: 0.3, inputStd: 0.7,
            layers: [
                .conv2d(name: "conv1", inChannels: 1, outChannels: 2, kernel: 3, stride: 1,
                        padding: 1),
                .batchNorm(name: "bn1", channels: 2),
                .relu,
                block("layer1", 2, 2, stride: 1, shortcut: .identity),
                block("layer2", 2, 3, stride: 2,
                      shortcut: .projection(stride: 2, batchNorm: true)),
                block("layer3", 3, 3, stride: 1, shortcut: .none),
                .avgPool(kernel: 2, stride: 2),
                .flatten,
                .dense(name: "fc", inputs: 3, outputs: 3),
            ]))
    }

    /// Returns [1, 5, 5] → conv 3 → ReLU → global average pool → dense 4 → ReLU → dense 3.
    private func makeGlobalPoolNetwork() throws -> Network {
        try Network(architecture: Architecture(
            inputShape: [1, 5, 5], inputMean: 0.4, inputStd: 0.3,
            layers: [
                .conv2d(name: "conv", inChannels: 1, outChannels: 3, kernel: 3, stride: 1,
                        padding: 0),
                .relu, .globalAvgPool,
                .dense(name: "fc1", inputs: 3, outputs: 4), .relu,
                .dense(name: "fc2", inputs: 4, outputs: 3),
            ]))
    }

    /// Returns random weights, 1-D tensors and running statistics (variances in [0.5, 1.5]).
    static func randomState(_ network: Network, seed: UInt64)
        -> (parameters: Parameters, buffers: Parameters) {
        var parameters = network.initialParameters(seed: seed)
        for (offset, name) in parameters.names.enumerated() where parameters[name]!.rank == 1 {
            let count = parameters[name]!.count
            let shift: Float = name.hasSuffix(".weight") ? 1 : 0
            parameters[name] = Tensor(shape: [count], data: randomFloats(
                count, seed: seed + UInt64(offset), in: -0.5...0.5).map { $0 + shift })
        }
        var buffers = network.initialBuffers()
        for (offset, name) in buffers.names.enumerated() {
            let count = buffers[name]!.count
            let range: ClosedRange<Float> = name.hasSuffix("var") ? 0.5...1.5 : -0.3...0.3
            buffers[name] = Tensor(shape: [count], data: randomFloats(
                count, seed: seed + 100 + UInt64(offset), in: range))
        }
        return (parameters, buffers)
    }

    private func assertProductMatchesDifferences(_ network: Network, samples: Int,
                                                 seed: UInt64, line: UInt = #line) {
        let (parameters, buffers) = Self.randomState(network, seed: seed)
        let (images, labels) = makeBatch(for: network, count: samples, seed: seed + 1)
        let vector = Parameters(parameters.names.map { name in
            let tensor = parameters[name]!
            return (name, Tensor(shape: tensor.shape, data: randomFloats(
                tensor.count, seed: seed + 7 + UInt64(tensor.count))))
        })
        let product = network.hessianVectorProduct(images: images, labels: labels,
                                                   parameters: parameters, vector: vector,
                                                   buffers: buffers).product
        let step: Float = 1e-4
        func gradients(_ sign: Float) -> Parameters {
            network.lossAndGradients(images: images, labels: labels,
                                     parameters: parameters.offset(by: [(sign * step, vector)]),
                                     buffers: buffers).gradients
        }
        let plus = gradients(1), minus = gradients(-1)
        XCTAssertEqual(product.names, parameters.names, line: line)
        for name in parameters.names {
            let differences = zip(plus[name]!.data, minus[name]!.data).map {
                (Double($0) - Double($1)) / (2 * Double(step))
            }
            assertClose(product[name]!.data, differences, relative: 1e-2, absolute: 2e-3,
                        "H·v for \(name)", line: line)
        }
    }

    func testSmallCNNMatchesDifferences() throws {
        try assertProductMatchesDifferences(makeSmallCNN(), samples: 3, seed: 31)
    }

    func testResidualNetworkMatchesDifferences() throws {
        try assertProductMatchesDifferences(Self.makeResidualNetwork(), samples: 3, seed: 41)
    }

    func testGlobalPoolNetworkMatchesDifferences() throws {
        try assertProductMatchesDifferences(makeGlobalPoolNetwork(), samples: 4, seed: 51)
    }

    func testProductIsSymmetric() throws {
        // uᵀ·H·v = vᵀ·H·u for an exact Hessian, to Float rounding.
        let network = try Self.makeResidualNetwork()
        let (parameters, buffers) = Self.randomState(network, seed: 61)
        let (images, labels) = makeBatch(for: network, count: 5, seed: 62)
        func random(_ seed: UInt64) -> Parameters {
            Parameters(parameters.names.map { name in
                let tensor = parameters[name]!
                return (name, Tensor(shape: tensor.shape,
                                     data: randomFloats(tensor.count, seed: seed)))
            })
        }
        let u = random(63), v = random(64)
        func product(_ vector: Parameters) -> Parameters {
            network.hessianVectorProduct(images: images, labels: labels, parameters: parameters,
                                         vector: vector, buffers: buffers).product
        }
        func dot(_ a: Parameters, _ b: Parameters) -> Double {
            a.names.reduce(0) { $0 + weightedSum(a[$1]!.data, b[$1]!.data) }
        }
        let uHv = dot(u, product(v)), vHu = dot(v, product(u))
        XCTAssertEqual(uHv, vHu, accuracy: 1e-5 * max(abs(uHv), 1), "uᵀHv \(uHv), vᵀHu \(vHu)")
    }

    func testLossMatchesLossAndGradients() throws {
        let network = try makeSmallCNN()
        let (parameters, _) = Self.randomState(network, seed: 71)
        let (images, labels) = makeBatch(for: network, count: 40, seed: 72)
        let result = network.hessianVectorProduct(images: images, labels: labels,
                                                  parameters: parameters,
                                                  vector: parameters.zeros())
        let reference = network.lossAndGradients(images: images, labels: labels,
                                                 parameters: parameters)
        XCTAssertEqual(result.loss, reference.loss, accuracy: 1e-12)
        for name in parameters.names {
            XCTAssertEqual(result.product[name]!.data,
                           [Float](repeating: 0, count: parameters[name]!.count), name)
        }
    }
}
