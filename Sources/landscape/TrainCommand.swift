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
          --schedule NAME     learning rate over the run: constant (default), cosine
                              (down to 0 at the end) or step:E1,E2 (x0.1 from each epoch)
          --warmup E          ramp the rate up linearly over the first E epochs (default 0)
          --seed N            seeds the initial weights and the sample order (default 1)
          --test SPEC         data to report test loss and accuracy on after each epoch
          --checkpoints DIR   also write DIR/epoch-000.safetensors (the initial weights) and
                              one model file per finished epoch
          --out PATH          where to write the model (.safetensors)

        Ctrl-C stops between two steps and keeps every finished checkpoint.
        """

    static func run(_ arguments: [String]) throws -> Int32 {
        if arguments.contains("--help") {
            print(usage)
            return 0
        }
        let parsed = try Arguments(arguments, valued: [
            "arch", "data", "epochs", "batch", "lr", "momentum", "weight-decay", "seed",
            "out", "test", "schedule", "checkpoints", "warmup",
        ])
        try parsed.expectPositionals(atMost: 0, usage: "landscape train --arch NAME --out PATH")
        let options = try trainingOptions(parsed)
        guard let out = parsed.string("out") else {
            throw UsageError(description: "missing --out PATH for the trained model")
        }
        try OutputPath.check(out)
        let architecture = try loadArchitecture(parsed.string("arch"))
        let network = try makeNetwork(architecture, source: parsed.string("arch") ?? "")
        let dataSpec = parsed.string("data") ?? "fashion-mnist:train"
        let data = try DatasetSpec.load(dataSpec)
        let test = try parsed.string("test").map { try DatasetSpec.load($0) }
        let checkpoints = try parsed.string("checkpoints").map(makeFolder)
        let record = trainingRecord(arguments, options, dataSpec)
        let writer = ModelWriter(architecture: architecture, record: record)

        InterruptFlag.install()
        let trained: (parameters: Parameters, buffers: Parameters)
        do {
            trained = try train(network, on: data, options: options, test: test,
                                   checkpoints: checkpoints, writer: writer)
        } catch let error as TrainingError {
            var message = error.description
            if let last = writer.lastCheckpoint { message += "; last good checkpoint: \(last)" }
            CommandLineTool.printError(message)
            if case .interrupted = error { return 130 }
            return 1
        }
        try writer.write(trained.parameters, buffers: trained.buffers, to: out)
        print("wrote \(out)")
        return 0
    }

    private static func makeFolder(_ path: String) throws -> String {
        do {
            try FileManager.default.createDirectory(atPath: path,
                                                    withIntermediateDirectories: true)
        } catch {
            throw FormatError(file: path, message: "cannot create the checkpoint folder: "
                              + "\(error.localizedDescription)")
        }
        return path
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
            seed: try parsed.seed("seed", default: 1),
            schedule: try schedule(parsed.string("schedule")),
            warmupEpochs: Double(try parsed.float("warmup", default: 0, in: 0...1e6,
                                                  expected: "a non-negative number of epochs")))
    }

    private static func schedule(_ text: String?) throws -> LearningRateSchedule {
        guard let text else { return .constant }
        guard let schedule = LearningRateSchedule(text) else {
            throw UsageError(description: "invalid --schedule '\(text)': expected constant, "
                             + "cosine or step:E1,E2,... with epochs from 1")
        }
        return schedule
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
                              test: Dataset?, checkpoints: String?,
                              writer: ModelWriter) throws -> (Parameters, Parameters) {
        let progress = ProgressLine(enabled: isatty(STDOUT_FILENO) != 0)
        let trainer = Trainer(network: network, options: options)
        return try trainer.run(on: data, onStep: { step in
            progress.update(step, describe(step, options: options))
        }, onEpoch: { epoch, parameters, buffers in
            if let checkpoints {
                let name = "epoch-" + String(format: "%03d", epoch) + ".safetensors"
                try writer.write(parameters, buffers: buffers, to: checkpoints + "/" + name,
                                 isCheckpoint: true)
            }
            guard epoch > 0 else { return }
            progress.finish(epochSummary(epoch, options: options, network: network,
                                         parameters: parameters, buffers: buffers, test: test,
                                         progress: progress))
        }, shouldStop: { InterruptFlag.isRaised })
    }

    private static func epochSummary(_ epoch: Int, options: TrainingOptions, network: Network,
                                     parameters: Parameters, buffers: Parameters,
                                     test: Dataset?,
                                     progress: ProgressLine) -> String {
        var line = "epoch \(epoch)/\(options.epochs)"
        if let last = progress.lastStep {
            line += ": train loss \(format(last.loss, 4)) accuracy "
                + "\(format(last.accuracy * 100, 2))%, \(Int(last.samplesPerSecond)) samples/s"
        }
        if let test {
            let metrics = evaluate(network, parameters: parameters, buffers: buffers, on: test)
            line += ", test loss \(format(metrics.loss, 4)) accuracy "
                + "\(format(metrics.accuracy * 100, 2))%"
        }
        return line
    }

    private static func describe(_ step: TrainingProgress, options: TrainingOptions) -> String {
        let stepsLeft = (options.epochs - step.epoch) * step.stepsPerEpoch
            + (step.stepsPerEpoch - step.step)
        let secondsLeft = Int(Double(stepsLeft * options.batchSize)
                              / max(step.samplesPerSecond, 1))
        let width = 20
        let filled = width * step.step / max(step.stepsPerEpoch, 1)
        let bar = String(repeating: "#", count: filled)
            + String(repeating: ".", count: width - filled)
        return "[\(bar)] epoch \(step.epoch)/\(options.epochs) "
            + "step \(step.step)/\(step.stepsPerEpoch) loss \(format(step.loss, 4)) "
            + "accuracy \(format(step.accuracy * 100, 2))% "
            + "\(Int(step.samplesPerSecond)) samples/s "
            + "ETA \(secondsLeft / 60)m\(String(format: "%02d", secondsLeft % 60))s"
    }

    /// Returns the shortest decimal that reads back as `value` (0.02, not 0.019999999552965164).
    private static func decimal(_ value: Float) -> Double {
        Double("\(value)") ?? Double(value)
    }

    private static func trainingRecord(_ arguments: [String], _ options: TrainingOptions,
                                       _ data: String) -> String {
        let record: [String: Any] = [
            "command": (["landscape", "train"] + arguments).joined(separator: " "),
            "data": data, "epochs": options.epochs, "batch": options.batchSize,
            "lr": decimal(options.learningRate), "momentum": decimal(options.momentum),
            "weight_decay": decimal(options.weightDecay), "seed": options.seed,
        ]
        let json = try? JSONSerialization.data(withJSONObject: record,
                                               options: [.sortedKeys, .withoutEscapingSlashes])
        return json.flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
    }
}

/// Writes model files atomically with the architecture and the training record, and
/// remembers the last checkpoint written.
final class ModelWriter {
    let architecture: Architecture
    let record: String
    private(set) var lastCheckpoint: String?

    init(architecture: Architecture, record: String) {
        self.architecture = architecture
        self.record = record
    }

    func write(_ parameters: Parameters, buffers: Parameters, to path: String,
               isCheckpoint: Bool = false) throws {
        try ModelFile.write(Model(architecture: architecture, parameters: parameters,
                                  buffers: buffers),
                            metadata: ["training": record], to: path)
        if isCheckpoint { lastCheckpoint = path }
    }
}

/// One status line rewritten in place on a terminal; whole lines only when not a terminal.
final class ProgressLine {
    private let enabled: Bool
    private var lastWrite = Date.distantPast
    /// The newest step reported, for the end-of-epoch summary.
    private(set) var lastStep: TrainingProgress?

    init(enabled: Bool) {
        self.enabled = enabled
    }

    /// Records `step` and rewrites the line, at most ten times a second.
    func update(_ step: TrainingProgress, _ text: @autoclosure () -> String) {
        lastStep = step
        guard enabled, Date().timeIntervalSince(lastWrite) > 0.1 else { return }
        lastWrite = Date()
        FileHandle.standardOutput.write(Data("\r\u{1B}[K\(text())".utf8))
    }

    /// Ends the line with `text`.
    func finish(_ text: String) {
        if enabled { FileHandle.standardOutput.write(Data("\r\u{1B}[K".utf8)) }
        print(text)
    }
}
