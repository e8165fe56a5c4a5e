import Engine
import Foundation
import Formats
import Numerics

/// `landscape interpolate`: train and test loss along the line between two models.
enum InterpolateCommand {
    static let usage = """
        usage: landscape interpolate A B --out FILE.csv [--data SPEC] [--train SPEC]
               [--samples N|all] [--t MIN:MAX:NUM] [--workers N]

        Evaluates θ(t) = (1 - t)·θ_A + t·θ_B, BatchNorm running statistics included, so
        t = 0 and t = 1 give each model's own loss. A and B must share one architecture.

          --out FILE.csv   the curve, written once every point is done
          --data SPEC      the test split: fashion-mnist:test (default),
                           fashion-mnist:train, or IMAGES,LABELS (IDX files)
          --train SPEC     the training split, in the same forms
                           (default fashion-mnist:train)
          --samples N|all  evaluate each point on the first N samples of each split
                           (default all)
          --t MIN:MAX:NUM  NUM evenly spaced t values from MIN to MAX (default -0.5:1.5:401)
          --workers N      threads, one t value each (default: one per core)

        CSV header: t,train_loss,train_accuracy,test_loss,test_accuracy,negative_variances.
        Loss is the mean cross-entropy in nats and accuracy a fraction in [0, 1].
        negative_variances counts the BatchNorm channels whose interpolated running variance
        is below zero, which can happen only outside [0, 1]. Such a point is no valid
        network: its loss and accuracy are written as nan and a note on stderr gives the t
        values. Diverged points are written as nan or inf with negative_variances 0.
        """

    static func run(_ arguments: [String]) throws -> Int32 {
        if arguments.contains("--help") {
            print(usage)
            return 0
        }
        let options = try Arguments(arguments,
                                    valued: ["out", "data", "train", "samples", "t", "workers"])
        let synopsis = "landscape interpolate A B --out FILE.csv"
        try options.expectPositionals(atMost: 2, usage: synopsis)
        guard options.positionals.count == 2 else {
            throw UsageError(description: "expected two models A and B; usage: \(synopsis)")
        }
        let out = try outputPath(options)
        let standard = try GridAxis(minimum: -0.5, maximum: 1.5, count: 401)
        let axis = try options.gridAxis("t", default: standard)
        let workers = try options.int("workers",
                                      default: ProcessInfo.processInfo.activeProcessorCount)

        let first = try LoadedModel(path: options.positionals[0])
        let second = try LoadedModel(path: options.positionals[1])
        let interpolation = try ModelInterpolation(from: first, to: second)
        let splits = try loadSplits(options)
        for model in [first, second] {
            try model.check(fits: splits.train, named: options.string("train")
                                ?? "fashion-mnist:train")
            try model.check(fits: splits.test, named: options.string("data")
                                ?? "fashion-mnist:test")
        }
        let curve = evaluate(interpolation, splits: splits, at: axis.decimalValues,
                             workers: workers)
        try FileBytes.writeAtomically(Array(InterpolationTable.csv(curve).utf8), to: out)
        if let note = InterpolationTable.invalidNote(curve) {
            CommandLineTool.printError("note: \(note)")
        }
        print("wrote \(out) (\(curve.count) points, \(splits.train.count) train and "
              + "\(splits.test.count) test samples)")
        return 0
    }

    private static func outputPath(_ options: Arguments) throws -> String {
        guard let out = options.string("out") else {
            throw UsageError(description: "missing --out FILE.csv")
        }
        guard out.hasSuffix(".csv") else {
            throw UsageError(description: "invalid --out '\(out)': expected a name ending "
                             + "in .csv")
        }
        try OutputPath.check(out)
        return out
    }

    /// Loads both splits and keeps the first `--samples` of each.
    private static func loadSplits(_ options: Arguments) throws
        -> (train: Dataset, test: Dataset) {
        let train = try DatasetSpec.load(options.string("train") ?? "fashion-mnist:train")
        let test = try DatasetSpec.load(options.string("data") ?? "fashion-mnist:test")
        let trainCount = try SampleCount.parse(options.string("samples"),
                                               available: train.count)
        let testCount = try SampleCount.parse(options.string("samples"), available: test.count)
        return (train.prefix(trainCount), test.prefix(testCount))
    }

    /// Evaluates every t on both splits on `workers` threads, with a progress line.
    private static func evaluate(_ interpolation: ModelInterpolation,
                                 splits: (train: Dataset, test: Dataset), at values: [Double],
                                 workers: Int) -> [InterpolationTable.Row] {
        let meter = ProgressMeter(total: values.count)
        let rows = ParallelMap.run(count: values.count, workers: workers, report: { done, time in
            meter.update(done: done, computed: done, elapsed: time)
        }) { index in
            let t = values[index]
            let point = interpolation.point(at: t)
            let network = interpolation.network
            return InterpolationTable.Row(
                t: t,
                train: InterpolationFunction.value(of: point, network: network, on: splits.train),
                test: InterpolationFunction.value(of: point, network: network, on: splits.test))
        }
        meter.clear()
        return rows
    }
}
