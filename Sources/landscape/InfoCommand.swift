import Engine
import Foundation
import Formats
import Numerics

/// `landscape info`: the architecture of a model file, and its loss on data when asked.
enum InfoCommand {
    static let usage = """
        usage: landscape info MODEL [--data SPEC] [--samples N|all]

          --data SPEC      fashion-mnist:test, fashion-mnist:train, or IMAGES,LABELS (IDX files)
          --samples N|all  evaluate the first N samples of the data (default: all)
        """

    static func run(_ arguments: [String]) throws -> Int32 {
        if arguments.contains("--help") {
            print(usage)
            return 0
        }
        let options = try Arguments(arguments, valued: ["data", "samples"])
        try options.expectPositionals(atMost: 1, usage: "landscape info MODEL")
        guard let path = options.positionals.first else {
            throw UsageError(description: "missing MODEL; usage: landscape info MODEL")
        }
        if options.string("samples") != nil, options.string("data") == nil {
            throw UsageError(description: "--samples needs --data to choose the samples from")
        }
        let loaded = try LoadedModel(path: path)
        // The data and sample count are checked before anything is printed, so a mistake
        // gives its one error line alone.
        let subset = try options.string("data").map { spec -> Dataset in
            let data = try DatasetSpec.load(spec)
            try loaded.check(fits: data, named: spec)
            let samples = try SampleCount.parse(options.string("samples"), available: data.count)
            return data.prefix(samples)
        }
        printArchitecture(loaded)
        if let command = try trainingCommand(path) {
            print("trained by \(command)")
        }
        if let spec = options.string("data"), let subset {
            let metrics = evaluate(loaded.network, parameters: loaded.model.parameters,
                                   buffers: loaded.model.buffers, on: subset)
            print("data \(spec), \(subset.count) samples")
            print("convolutions: \(CPUFeatures.convolutionPath)")
            print("loss \(format(metrics.loss, 6)) accuracy \(format(metrics.accuracy * 100, 2))%")
        }
        return 0
    }

    /// Returns the command stored in the `training` metadata by `landscape train`, if any.
    private static func trainingCommand(_ path: String) throws -> String? {
        guard let text = try ModelFile.readMetadata(path: path)["training"],
              let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)),
              let record = object as? [String: Any] else { return nil }
        return record["command"] as? String
    }

    private static func printArchitecture(_ loaded: LoadedModel) {
        let architecture = loaded.model.architecture
        let input = architecture.inputShape.map(String.init).joined(separator: "x")
        print("model \(loaded.path)")
        print("input \(input), normalized as (x - \(architecture.inputMean)) / "
              + "\(architecture.inputStd)")
        print(pad("layer", 10) + pad("type", 15) + pad("output", 14) + "parameters")
        var total = 0
        for (index, layer) in architecture.layers.enumerated() {
            let count = layer.parameterShapes.reduce(0) { $0 + $1.1.reduce(1, *) }
            total += count
            let shape = loaded.network.outputShapes[index].map(String.init)
                .joined(separator: "x")
            print(pad(layerName(layer, index), 10) + pad(layer.typeName, 15) + pad(shape, 14)
                  + "\(count)")
        }
        print("total parameters \(total)")
    }

    private static func layerName(_ layer: LayerSpec, _ index: Int) -> String {
        switch layer {
        case let .dense(name, _, _), let .conv2d(name, _, _, _, _, _): return name
        default: return "#\(index)"
        }
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}

/// Formats `value` with `digits` digits after the point.
func format(_ value: Double, _ digits: Int) -> String {
    guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
    return String(format: "%.\(digits)f", value)
}

/// The `--samples N|all` option.
enum SampleCount {
    static func parse(_ text: String?, available: Int, default fallback: Int? = nil) throws -> Int {
        guard let text else { return fallback.map { min($0, available) } ?? available }
        if text == "all" { return available }
        guard let count = Int(text), count >= 1 else {
            throw UsageError(description:
                "invalid --samples '\(text)': expected a positive integer or 'all'")
        }
        if count > available {
            let note = "landscape: note: --samples \(count) is more than the data's "
                + "\(available) samples; using all \(available)\n"
            FileHandle.standardError.write(Data(note.utf8))
        }
        return min(count, available)
    }
}
