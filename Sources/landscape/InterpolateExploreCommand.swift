import Engine
import Foundation
import Formats
import Numerics
import Terminal

/// `landscape explore --interpolate A B`: the interactive curves of train and test loss and
/// accuracy along the line between two models.
enum InterpolateExploreCommand {
    static let usage = """
        usage: landscape explore --interpolate A B [--data SPEC] [--train SPEC]
                                 [--samples N|all] [--t MIN:MAX:NUM]

          --interpolate    show θ(t) = (1 - t)·θ_A + t·θ_B, BatchNorm running statistics
                           included, for models A and B of one architecture
          --data SPEC      the test split: fashion-mnist:test (default),
                           fashion-mnist:train, or IMAGES,LABELS (IDX files)
          --train SPEC     the training split, in the same forms
                           (default fashion-mnist:train)
          --samples N|all  samples of each split per point (default 1000, the first N)
          --t MIN:MAX:NUM  the initial window and its NUM grid points (default -0.5:1.5:401)

        Train and test loss use the left axis, accuracy the right; marks show A at t = 0 and
        B at t = 1. --ascii, --mono and --theme work as above. Keys: left/right or h/l move
        the cursor one grid step, + and - zoom at the cursor, 0 resets the view, L log loss
        axis, e exports the view to files, ? lists every key, q quits.
        """

    /// The options of the view; `--ascii`, `--mono` and `--theme` work as for surfaces.
    static let valued: Set<String> = ["data", "train", "samples", "t", "theme"]

    static func run(_ arguments: [String]) throws -> Int32 {
        let options = try Arguments(arguments, valued: valued,
                                    flags: ["interpolate", "ascii", "mono"])
        let synopsis = "landscape explore --interpolate A B"
        try options.expectPositionals(atMost: 2, usage: synopsis)
        guard options.positionals.count == 2 else {
            throw UsageError(description: "expected two models A and B; usage: \(synopsis)")
        }
        let standard = try GridAxis(minimum: -0.5, maximum: 1.5, count: 401)
        let axis = try options.gridAxis("t", default: standard)
        guard axis.count >= 2 else {
            let text = options.string("t") ?? axis.text
            throw UsageError(description: "invalid --t '\(text)': expected NUM at least 2, "
                             + "since the view moves between grid points")
        }
        let theme = try ThemeOption.theme(options.string("theme"))

        let first = try LoadedModel(path: options.positionals[0])
        let second = try LoadedModel(path: options.positionals[1])
        let interpolation = try ModelInterpolation(from: first, to: second)
        let splits = try loadSplits(options)
        for model in [first, second] {
            try model.check(fits: splits.train, named: splits.trainSpec)
            try model.check(fits: splits.test, named: splits.testSpec)
        }

        let names = modelNames(first.path, second.path)
        let setup = CurveExplorerSetup(
            title: title(names, splits: splits), axis: axis,
            startName: names.start, endName: names.end)
        var explorerOptions = ExplorerOptions(title: "landscape",
                                              forceASCII: options.has("ascii"),
                                              disableColor: options.has("mono"))
        explorerOptions.themes = ThemeOption.cycle(startingWith: theme)
        let workers = max(ProcessInfo.processInfo.activeProcessorCount / 2, 1)
        let curves = InterpolationCurves(interpolation: interpolation, train: splits.train,
                                         test: splits.test, workersPerSplit: workers)
        let status = runCurveExplorer(curves: curves, setup: setup, options: explorerOptions)
        curves.stop()
        return status
    }

    /// Loads both splits and keeps the first `--samples` of each, 1000 by default.
    private static func loadSplits(_ options: Arguments) throws
        -> (train: Dataset, test: Dataset, trainSpec: String, testSpec: String) {
        let trainSpec = options.string("train") ?? "fashion-mnist:train"
        let testSpec = options.string("data") ?? "fashion-mnist:test"
        let train = try DatasetSpec.load(trainSpec)
        let test = try DatasetSpec.load(testSpec)
        let samples = options.string("samples")
        let trainCount = try SampleCount.parse(samples, available: train.count, default: 1000)
        let testCount = try SampleCount.parse(samples, available: test.count, default: 1000)
        return (train.prefix(trainCount), test.prefix(testCount), trainSpec, testSpec)
    }

    /// Returns the file names of A and B without `.safetensors`, or the paths as given
    /// when the names are the same.
    static func modelNames(_ first: String, _ second: String) -> (start: String, end: String) {
        func name(_ path: String) -> String {
            let file = URL(fileURLWithPath: path).lastPathComponent
            return file.hasSuffix(".safetensors")
                ? String(file.dropLast(".safetensors".count)) : file
        }
        let start = name(first), end = name(second)
        return start == end ? (first, second) : (start, end)
    }

    /// Returns the title line: the models, the samples of each split, and both splits.
    private static func title(_ names: (start: String, end: String),
                              splits: (train: Dataset, test: Dataset, trainSpec: String,
                                       testSpec: String)) -> String {
        let counts = splits.train.count == splits.test.count
            ? "\(splits.test.count) samples each"
            : "\(splits.train.count) train and \(splits.test.count) test samples"
        return "landscape  \(names.start) -> \(names.end)  \(counts)  "
            + "train \(splits.trainSpec)  test \(splits.testSpec)"
    }
}
