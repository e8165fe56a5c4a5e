import Numerics

/// Checks that an architecture's layers fit together, walking the sample shape through them.
///
/// The check runs at load time, because these mistakes would otherwise fail deep in a forward
/// pass. It rejects a conv layer whose `in_channels` differs from the channels it receives, a
/// dense layer on unflattened input or with the wrong `in_features`, and a window larger than
/// its input. It also rejects a repeated layer name, since two layers would share tensors, and
/// a network whose output is not a flat vector of class scores. Sizes are checked for `Int`
/// overflow.
enum ArchitectureShapes {
    /// Walks the shape of one sample, `[C, H, W]` or `[features]`, through every layer.
    ///
    /// - Throws: `FormatError` naming the first layer that does not fit its input.
    static func check(_ architecture: Architecture, path: String) throws {
        var shape = architecture.inputShape
        var names: [String: Int] = [:]
        for (index, layer) in architecture.layers.enumerated() {
            let context = "architecture.layers[\(index)] (\(describe(layer)))"
            let fail = { (message: String) in
                FormatError(file: path, message: "\(context): \(message)")
            }
            if let name = layerName(layer) {
                if let first = names[name] {
                    throw fail("name \"\(name)\" is already used by layer \(first), expected "
                               + "a unique name per layer")
                }
                names[name] = index
            }
            shape = try output(of: layer, input: shape, fail: fail)
        }
        guard shape.count == 1 else {
            throw FormatError(file: path, message: "architecture.layers: the last layer outputs "
                              + "shape \(shape), expected a flat vector of class scores (end with "
                              + "flatten and dense)")
        }
    }

    private static func output(
        of layer: LayerSpec, input: [Int], fail: (String) -> FormatError
    ) throws -> [Int] {
        switch layer {
        case let .conv2d(_, inChannels, outChannels, kernel, stride, padding):
            let (channels, height, width) = try spatial(input, fail: fail)
            guard inChannels == channels else {
                throw fail("in_channels is \(inChannels), but its input has \(channels) channels")
            }
            return [outChannels,
                    try windows(height, kernel, stride, padding, axis: "height", fail: fail),
                    try windows(width, kernel, stride, padding, axis: "width", fail: fail)]
        case let .maxPool(kernel, stride):
            let (channels, height, width) = try spatial(input, fail: fail)
            return [channels,
                    try windows(height, kernel, stride, 0, axis: "height", fail: fail),
                    try windows(width, kernel, stride, 0, axis: "width", fail: fail)]
        case let .dense(_, inputs, outputs):
            guard input.count == 1 else {
                throw fail("input has shape \(input), expected a flat vector (add a flatten "
                           + "layer before it)")
            }
            guard inputs == input[0] else {
                throw fail("in_features is \(inputs), but its input has \(input[0]) features")
            }
            return [outputs]
        case .flatten:
            guard let count = SafetensorsHeader.byteCount(shape: input, elementSize: 1) else {
                throw fail("flattened size of shape \(input) overflows")
            }
            return [count]
        case .relu:
            return input
        }
    }

    private static func spatial(
        _ shape: [Int], fail: (String) -> FormatError
    ) throws -> (Int, Int, Int) {
        guard shape.count == 3 else {
            throw fail("input has shape \(shape), expected [channels, height, width]")
        }
        return (shape[0], shape[1], shape[2])
    }

    /// Counts the window positions along one axis:
    /// floor((size + 2·padding − kernel) / stride) + 1.
    private static func windows(
        _ size: Int, _ kernel: Int, _ stride: Int, _ padding: Int, axis: String,
        fail: (String) -> FormatError
    ) throws -> Int {
        let (doubled, overflow1) = padding.multipliedReportingOverflow(by: 2)
        let (padded, overflow2) = size.addingReportingOverflow(doubled)
        guard !overflow1, !overflow2, padded >= kernel else {
            throw fail("kernel \(kernel) is larger than the padded input \(axis) "
                       + "(\(size) + 2·\(padding)), expected it to fit")
        }
        return (padded - kernel) / stride + 1
    }

    private static func layerName(_ layer: LayerSpec) -> String? {
        switch layer {
        case let .conv2d(name, _, _, _, _, _), let .dense(name, _, _): return name
        case .maxPool, .relu, .flatten: return nil
        }
    }

    static func describe(_ layer: LayerSpec) -> String {
        layerName(layer).map { "\(layer.typeName) \($0)" } ?? layer.typeName
    }
}
