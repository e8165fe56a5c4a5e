import Numerics

/// Checks that an architecture's layers fit together, walking the sample shape through them.
///
/// The check runs at load time, because these mistakes would otherwise fail deep in a forward
/// pass. It rejects a conv layer whose `in_channels` differs from the channels it receives, a
/// dense layer on unflattened input or with the wrong `in_features`, and a window larger than
/// its input. Residual blocks are walked through their body, and their shortcut must give the
/// body's output shape. It also rejects a repeated layer name in one list, or a tensor name
/// that two layers own, and a network whose output is not a flat vector of class scores.
/// Sizes are checked for `Int` overflow.
enum ArchitectureShapes {
    /// Walks the shape of one sample, `[C, H, W]` or `[features]`, through every layer.
    ///
    /// - Throws: `FormatError` naming the first layer that does not fit its input.
    static func check(_ architecture: Architecture, path: String) throws {
        let shape = try walk(architecture.layers, input: architecture.inputShape,
                             context: "architecture.layers", path: path)
        try checkTensorNames(architecture, path: path)
        guard shape.count == 1 else {
            throw FormatError(file: path, message: "architecture.layers: the last layer outputs "
                              + "shape \(shape), expected a flat vector of class scores (end with "
                              + "flatten and dense)")
        }
    }

    /// Walks `input` through `layers`, listed at `context`, and returns the output shape.
    private static func walk(_ layers: [LayerSpec], input: [Int], context: String,
                             path: String) throws -> [Int] {
        var shape = input
        var names: [String: Int] = [:]
        for (index, layer) in layers.enumerated() {
            let layerContext = "\(context)[\(index)] (\(describe(layer)))"
            let fail = { (message: String) in
                FormatError(file: path, message: "\(layerContext): \(message)")
            }
            if let name = layerName(layer) {
                if let first = names[name] {
                    throw fail("name \"\(name)\" is already used by layer \(first), expected "
                               + "a unique name per layer")
                }
                names[name] = index
            }
            if case let .residual(_, body, shortcut) = layer {
                shape = try residualOutput(body: body, shortcut: shortcut, input: shape,
                                           context: layerContext, path: path, fail: fail)
            } else {
                shape = try output(of: layer, input: shape, fail: fail)
            }
        }
        return shape
    }

    /// Returns a residual block's output shape after checking that its shortcut gives the
    /// shape of its body's output.
    private static func residualOutput(
        body: [LayerSpec], shortcut: Shortcut, input: [Int], context: String, path: String,
        fail: (String) -> FormatError
    ) throws -> [Int] {
        let shape = try walk(body, input: input, context: "\(context).body", path: path)
        switch shortcut {
        case .none:
            return shape
        case .identity:
            guard shape == input else {
                throw fail("body outputs shape \(shape), but the identity shortcut gives its "
                           + "input shape \(input); use \"shortcut\": \"projection\"")
            }
            return shape
        case let .projection(stride, _):
            let (channels, height, width) = try spatial(input, fail: fail)
            let declared = LayerSpec.shortcutLayers(shortcut, body: body)
            let projected = [shape.first ?? 0,
                             try windows(height, 1, stride, 0, axis: "height", fail: fail),
                             try windows(width, 1, stride, 0, axis: "width", fail: fail)]
            guard case let .conv2d(_, inChannels, outChannels, _, _, _) = declared[0],
                  inChannels == channels, shape.count == 3, outChannels == shape[0] else {
                throw fail("projection shortcut takes its channels from the body's first and "
                           + "last conv2d or batchnorm layers, expected them to give "
                           + "\(channels) in and the body's output channels out")
            }
            guard projected == shape else {
                throw fail("body outputs shape \(shape), but the projection shortcut with "
                           + "stride \(stride) gives \(projected), expected shortcut_stride to "
                           + "match the body's")
            }
            return shape
        }
    }

    /// Checks that no two layers own a tensor of the same name, which nested names allow.
    private static func checkTensorNames(_ architecture: Architecture, path: String) throws {
        var owners: [String: Int] = [:]
        for (index, layer) in architecture.layers.enumerated() {
            for (name, _) in layer.parameterShapes + layer.bufferShapes {
                if let first = owners[name], first != index {
                    throw FormatError(file: path, message: "architecture.layers[\(index)] "
                                      + "(\(describe(layer))): tensor \(name) is also owned by "
                                      + "layer \(first), expected unique tensor names")
                }
                owners[name] = index
            }
        }
    }

    private static func output(
        of layer: LayerSpec, input: [Int], fail: (String) -> FormatError
    ) throws -> [Int] {
        switch layer {
        case let .batchNorm(_, channels):
            let (inputChannels, _, _) = try spatial(input, fail: fail)
            guard channels == inputChannels else {
                throw fail("channels is \(channels), but its input has \(inputChannels) "
                           + "channels")
            }
            return input
        case let .avgPool(kernel, stride):
            let (channels, height, width) = try spatial(input, fail: fail)
            return [channels,
                    try windows(height, kernel, stride, 0, axis: "height", fail: fail),
                    try windows(width, kernel, stride, 0, axis: "width", fail: fail)]
        case .globalAvgPool:
            let (channels, _, _) = try spatial(input, fail: fail)
            return [channels]
        case .residual:
            preconditionFailure("walk handles residual blocks")
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
        case let .conv2d(name, _, _, _, _, _), let .dense(name, _, _),
             let .batchNorm(name, _), let .residual(name, _, _):
            return name
        case .maxPool, .relu, .flatten, .avgPool, .globalAvgPool:
            return nil
        }
    }

    static func describe(_ layer: LayerSpec) -> String {
        layerName(layer).map { "\(layer.typeName) \($0)" } ?? layer.typeName
    }
}
