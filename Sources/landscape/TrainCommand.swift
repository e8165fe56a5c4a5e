import Engine
import Foundation
import Formats
import Numerics

/// `landscape train`: SGD with momentum and weight decay, saved as a model file.
enum TrainCommand {
    private static let builtinNames = BuiltinArchitectures.names.joined(separator: ", ")

    static let usage = """
        usage: landscape train --arch NAME|FILE --out PATH [options]

          --arch NAME|FILE    built-in architecture (\(builtinNames))
                              or an architecture JSON file (docs/model-format.md)
          --data SPEC         training data (default fashion-mnist:train)
          --epochs N          passes over the data (default 5)
          --batch N           samples per step (default 128)
          --lr X              learning rate (default 0.05)
          --momentum X        SGD momentum in [0, 1) (default 0.9)
          --weight-decay X    L2 penalty added to the gradient (default 0)
          --seed N            seeds the initial weights and the sample order (default 1)
          --test SPEC         data to report test loss and accuracy on after each epoch
          --out PATH          where to write the model (.safetensors)
        """

    static func run(_ arguments: [String]) throws -> Int32 {
        if arguments.contains("--help") {
            print(usage)
            return 0
        }
        let parsed = try Arguments(arguments, valued: [
            "arch", "data", "epochs", "batch", "lr", "momentum", "weight-decay", "seed",
            "out", "test",
        ])
        try parsed.expectPositionals(atMost: 0, usage: "landscape train --arch NAME --out PATH")
        let options = try trainingOptions(parsed)
        guard let out = parsed.string("out") else {
            throw UsageError(description: "missing --out PATH for the trained model")
        }
        let architecture = try loadArchitecture(parsed.string("arch"))
        let network = try makeNetwork(architecture, source: parsed.string("arch") ?? "")
        let dataSpec = parsed.string("data") ?? "fashion-mnist:train"
        let data = try DatasetSpec.load(dataSpec)
        let test = try parsed.string("test").map { try DatasetSpec.load($0) }
        let parameters = try train(network, on: data, options: options, test: test)

        let metadata = ["training": trainingRecord(arguments, options, dataSpec)]
        try ModelFile.write(Model(architecture: architecture, parameters: parameters),
                            metadata: metadata, to: out)
        print("wrote \(out)")
        return 0
    }

    private static func trainingOptions(_ parsed: Arguments) throws -> TrainingOptions {
        TrainingOptions(
            epochs: try parsed.int("epochs", default: 5),
            batchSize: try parsed.int("batch", default: 128),
            learningRate: try parsed.float("lr", default: 0.05, in: 1e-12...1e6,
                                           expected: "a positive number"),
            momentum: try parsed.float("momentum", default: 0.9, in: 0...0.999_999,
                                       expected: "a number in [0, 1)"),
            weightDecay: try parsed.float("weight-decay", default: 0, in: 0...1e6,
                                          expected: "a non-negative number"),
            seed: try parsed.seed("seed", default: 1))
    }

    private static func loadArchitecture(_ name: String?) throws -> Architecture {
        guard let name else {
            throw UsageError(description: "missing --arch; built-in architectures: "
                             + BuiltinArchitectures.names.joined(separator: ", "))
        }
        if let builtin = BuiltinArchitectures.named(name) { return builtin }
        guard FileManager.default.fileExists(atPath: name) else {
            throw UsageError(description: "unknown --arch '\(name)': not a built-in "
                + "architecture (\(BuiltinArchitectures.names.joined(separator: ", "))) "
                + "and no such file")
        }
        return try ArchitectureFile.read(path: name)
    }

    private static func makeNetwork(_ architecture: Architecture, source: String) throws
        -> Network
    {
        do {
            return try Network(architecture: architecture)
        } catch let error as NetworkError {
            throw FormatError(file: source, message: "architecture: \(error.description)")
        }
    }

    private static func train(_ network: Network, on data: Dataset, options: TrainingOptions,
                              test: Dataset?) throws -> Parameters {
        let progress = ProgressLine(enabled: isatty(STDOUT_FILENO) != 0)
        let trainer = Trainer(network: network, options: options)
        return try trainer.run(on: data, onStep: { step in
            progress.update(describe(step, options: options))
        }, onEpoch: { epoch, parameters in
            var line = "epoch \(epoch)/\(options.epochs) done"
            if let test {
                let metrics = evaluate(network, parameters: parameters, on: test)
                line += ", test loss \(format(metrics.loss, 4)) accuracy "
                    + "\(format(metrics.accuracy * 100, 2))%"
            }
            progress.finish(line)
        })
    }

    private static func describe(_ step: TrainingProgress, options: TrainingOptions) -> String {
        let stepsLeft = (options.epochs - step.epoch) * step.stepsPerEpoch
            + (step.stepsPerEpoch - step.step)
        let secondsLeft = Double(stepsLeft * options.batchSize) / max(step.samplesPerSecond, 1)
        return "epoch \(step.epoch)/\(options.epochs) step \(step.step)/\(step.stepsPerEpoch) "
            + "loss \(format(step.loss, 4)) accuracy \(format(step.accuracy * 100, 2))% "
            + "\(Int(step.samplesPerSecond)) samples/s ETA \(Int(secondsLeft))s"
    }

    private static func trainingRecord(_ arguments: [String], _ options: TrainingOptions,
                                       _ data: String) -> String {
        let record: [String: Any] = [
            "command": (["landscape", "train"] + arguments).joined(separator: " "),
            "data": data, "epochs": options.epochs, "batch": options.batchSize,
            "lr": Double(options.learningRate), "momentum": Double(options.momentum),
            "weight_decay": Double(options.weightDecay), "seed": options.seed,
        ]
        let json = try? JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])
        return json.flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
    }
}

/// One status line rewritten in place on a terminal; whole lines only when not a terminal.
final class ProgressLine {
    private let enabled: Bool
    private var lastWrite = Date.distantPast

    init(enabled: Bool) {
        self.enabled = enabled
    }

    /// Rewrites the line, at most ten times a second.
    func update(_ text: String) {
        guard enabled, Date().timeIntervalSince(lastWrite) > 0.1 else { return }
        lastWrite = Date()
        FileHandle.standardOutput.write(Data("\r\u{1B}[K\(text)".utf8))
    }

    /// Ends the line with `text`.
    func finish(_ text: String) {
        if enabled { FileHandle.standardOutput.write(Data("\r\u{1B}[K".utf8)) }
        print(text)
    }
}
