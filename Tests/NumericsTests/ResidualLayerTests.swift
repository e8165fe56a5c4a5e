import XCTest
@testable import Numerics

/// Residual blocks against a composition of Double loops to 1e-4 relative, in both modes,
/// and backward against differences with step 3e-3 and tolerance 5e-3 for every shortcut
/// kind, allowing for the kinks of the ReLUs inside each block.
final class ResidualLayerTests: XCTestCase {
    let inputShape = [2, 4, 4]
    let batch = 3

    /// conv 3x3 (stride `stride`) → BatchNorm → ReLU → conv 3x3 → BatchNorm, `channels` out.
    func body(channels: Int, stride: Int) -> [LayerSpec] {
        [.conv2d(name: "conv1", inChannels: 2, outChannels: channels, kernel: 3,
                 stride: stride, padding: 1),
         .batchNorm(name: "bn1", channels: channels),
         .relu,
         .conv2d(name: "conv2", inChannels: channels, outChannels: channels, kernel: 3,
                 stride: 1, padding: 1),
         .batchNorm(name: "bn2", channels: channels)]
    }

    var projectionBlock: LayerSpec {
        .residual(name: "block", body: body(channels: 3, stride: 2),
                  shortcut: .projection(stride: 2, batchNorm: true))
    }

    /// Returns random tensors by name: weights in ±0.5, BatchNorm scales near 1, running
    /// variances in [0.5, 2].
    func tensors(for spec: LayerSpec, seed: UInt64) -> [String: [Float]] {
        var values: [String: [Float]] = [:]
        for (offset, (name, shape)) in (spec.parameterShapes + spec.bufferShapes).enumerated() {
            let count = shape.reduce(1, *)
            let seed = seed + UInt64(offset)
            if name.hasSuffix("running_var") {
                values[name] = randomFloats(count, seed: seed, in: 0.5...2)
            } else if name.hasSuffix("bn1.weight") || name.hasSuffix("bn2.weight")
                || name.hasSuffix("bn.weight") {
                values[name] = randomFloats(count, seed: seed, in: 0.5...1.5)
            } else {
                values[name] = randomFloats(count, seed: seed, in: -0.5...0.5)
            }
        }
        return values
    }

    func layerTensors(_ spec: LayerSpec, _ values: [String: [Float]]) -> [[Float]] {
        (spec.parameterShapes + spec.bufferShapes).map { values[$0.0]! }
    }

    func makeLayer(_ spec: LayerSpec) throws -> any Layer {
        try Network.makeLayer(spec, at: 0, inputShape: inputShape)
    }

    /// Computes the block in Double: each layer from its definition, then sum and ReLU.
    func naiveBlock(_ x: [Double], _ values: [String: [Float]], channels: Int, stride: Int,
                    shortcut: Shortcut, mode: BatchNormMode) -> [Double] {
        let size = (inputShape[1] + 2 - 3) / stride + 1
        let first = NaiveReference.ConvShape(channels: 2, height: 4, width: 4,
                                             outChannels: channels, kernel: 3, stride: stride,
                                             padding: 1)
        let second = NaiveReference.ConvShape(channels: channels, height: size, width: size,
                                              outChannels: channels, kernel: 3, stride: 1,
                                              padding: 1)
        let planes = NaiveReference.PlaneShape(batch: batch, channels: channels, height: size,
                                               width: size)
        let norm = { (x: [Double], name: String) in
            self.naiveBatchNorm(x, planes, values, name: name, mode: mode)
        }
        var y = NaiveReference.conv2d(x, batch: batch, shape: first,
                                      weight: values["block.conv1.weight"]!,
                                      bias: values["block.conv1.bias"]!)
        y = NaiveReference.relu(norm(y, "block.bn1"))
        y = NaiveReference.conv2d(y, batch: batch, shape: second,
                                  weight: values["block.conv2.weight"]!,
                                  bias: values["block.conv2.bias"]!)
        y = norm(y, "block.bn2")
        switch shortcut {
        case .identity:
            y = zip(y, x).map { $0 + $1 }
        case .projection:
            let projection = NaiveReference.ConvShape(channels: 2, height: 4, width: 4,
                                                      outChannels: channels, kernel: 1,
                                                      stride: stride, padding: 0)
            let s = NaiveReference.conv2d(x, batch: batch, shape: projection,
                                          weight: values["block.shortcut.weight"]!,
                                          bias: [Float](repeating: 0, count: channels))
            y = zip(y, norm(s, "block.shortcut.bn")).map { $0 + $1 }
        case .none:
            break
        }
        return NaiveReference.relu(y)
    }

    func naiveBatchNorm(_ x: [Double], _ shape: NaiveReference.PlaneShape,
                        _ values: [String: [Float]], name: String,
                        mode: BatchNormMode) -> [Double] {
        let (mean, variance) = mode == .training
            ? NaiveReference.channelStatistics(x, shape: shape)
            : (values["\(name).running_mean"]!.map(Double.init),
               values["\(name).running_var"]!.map(Double.init))
        return NaiveReference.batchNorm(x, shape: shape, gamma: values["\(name).weight"]!,
                                        beta: values["\(name).bias"]!, mean: mean,
                                        variance: variance)
    }

    func checkForward(channels: Int, stride: Int, shortcut: Shortcut,
                      file: StaticString = #filePath, line: UInt = #line) throws {
        let spec = LayerSpec.residual(name: "block", body: body(channels: channels,
                                                                stride: stride),
                                      shortcut: shortcut)
        let layer = try makeLayer(spec)
        let values = tensors(for: spec, seed: 60)
        let input = randomFloats(batch * 32, seed: 61)
        let x = input.map(Double.init)
        for mode in [BatchNormMode.training, .evaluation] {
            let expected = naiveBlock(x, values, channels: channels, stride: stride,
                                      shortcut: shortcut, mode: mode)
            let record = layer.record(input, batch: batch,
                                      parameters: layerTensors(spec, values), mode: mode)
            assertClose(record.output, expected, relative: 1e-4, absolute: 1e-5,
                        "\(shortcut) \(mode) record", file: file, line: line)
        }
        let expected = naiveBlock(x, values, channels: channels, stride: stride,
                                  shortcut: shortcut, mode: .evaluation)
        let observed = layer.forward(input, batch: batch, parameters: layerTensors(spec, values))
        assertClose(observed, expected, relative: 1e-4, absolute: 1e-5,
                    "\(shortcut) inference forward", file: file, line: line)
    }

    func testProjectionForward() throws {
        try checkForward(channels: 3, stride: 2, shortcut: .projection(stride: 2,
                                                                       batchNorm: true))
    }

    func testIdentityForward() throws {
        try checkForward(channels: 2, stride: 1, shortcut: .identity)
    }

    func testNoShortcutForward() throws {
        try checkForward(channels: 3, stride: 2, shortcut: .none)
    }

    func testShapesAndNames() throws {
        let layer = try makeLayer(projectionBlock)
        XCTAssertEqual(layer.outputShape, [3, 2, 2])
        XCTAssertEqual(projectionBlock.parameterShapes.map(\.0), [
            "block.conv1.weight", "block.conv1.bias", "block.bn1.weight", "block.bn1.bias",
            "block.conv2.weight", "block.conv2.bias", "block.bn2.weight", "block.bn2.bias",
            "block.shortcut.weight", "block.shortcut.bn.weight", "block.shortcut.bn.bias",
        ])
        XCTAssertEqual(projectionBlock.parameterShapes[8].1, [3, 2, 1, 1])
        XCTAssertEqual(projectionBlock.bufferShapes.map(\.0), [
            "block.bn1.running_mean", "block.bn1.running_var", "block.bn2.running_mean",
            "block.bn2.running_var", "block.shortcut.bn.running_mean",
            "block.shortcut.bn.running_var",
        ])
        XCTAssertEqual(layer.parameterShapes, projectionBlock.parameterShapes.map(\.1))
        XCTAssertEqual(layer.bufferShapes, projectionBlock.bufferShapes.map(\.1))
    }

    func checkBackward(_ spec: LayerSpec, file: StaticString = #filePath,
                       line: UInt = #line) throws {
        let layer = try makeLayer(spec)
        let parameters = layerTensors(spec, tensors(for: spec, seed: 70))
        let input = randomFloats(batch * 32, seed: 71)
        for mode in [BatchNormMode.training, .evaluation] {
            checkGradients(of: layer, input: input, batch: batch, parameters: parameters,
                           mode: mode, step: 3e-3, tolerance: 5e-3, allowingKinks: true,
                           file: file, line: line)
        }
    }

    func testProjectionBackward() throws {
        try checkBackward(projectionBlock)
    }

    func testProjectionWithoutBatchNormBackward() throws {
        try checkBackward(.residual(name: "block", body: body(channels: 3, stride: 1),
                                    shortcut: .projection(stride: 1, batchNorm: false)))
    }

    func testIdentityBackward() throws {
        try checkBackward(.residual(name: "block", body: body(channels: 2, stride: 1),
                                    shortcut: .identity))
    }

    func testNoShortcutBackward() throws {
        try checkBackward(.residual(name: "block", body: body(channels: 3, stride: 2),
                                    shortcut: .none))
    }
}
