import Engine
import Foundation
import Formats
import Numerics
import Terminal

/// `landscape explore`: the interactive heatmap of one model's loss surface.
enum ExploreCommand {
    static let usage = """
        usage: landscape explore [MODEL] [--data SPEC] [--samples N|all] [--norm NAME]
                                 [--ignore NAME] [--seed N] [--dirs FILE]

          MODEL            a model file (default: the bundled sample model)
          --data SPEC      fashion-mnist:test (default), fashion-mnist:train, or IMAGES,LABELS
                           (IDX files)
          --samples N|all  samples per point (default 1000, the first N of the data)
        \(DirectionOptions.usage)

        Keys: arrows or hjkl pan, + and - zoom, 0 resets the view, L log scale,
        e exports the view to files, ? lists every key, q quits.
        """

    /// The options that choose the surface, shared with `landscape render`.
    static let surfaceOptions = DirectionOptions.names.union(["data", "samples"])

    static func run(_ arguments: [String]) throws -> Int32 {
        if arguments.contains("--help") {
            print(usage)
            return 0
        }
        let options = try Arguments(arguments, valued: surfaceOptions)
        try options.expectPositionals(atMost: 1, usage: "landscape explore MODEL")
        let source = try makeSource(options)
        let status = runExplorer(source: source, options: ExplorerOptions(title: "landscape"))
        source.stop()
        return status
    }

    /// Loads the model and data that `options` name and starts the background evaluator.
    static func makeSource(_ options: Arguments) throws -> SurfaceEvaluator {
        let directionOptions = try DirectionOptions(options)
        let path = options.positionals.first ?? SampleModels.defaultModelPath
        let loaded = try LoadedModel(path: path)
        let dataSpec = options.string("data") ?? "fashion-mnist:test"
        let data = try DatasetSpec.load(dataSpec)
        let samples = try SampleCount.parse(options.string("samples"), available: data.count,
                                            default: 1000)
        let (delta, eta) = try directionOptions.directions(for: loaded.model.parameters)
        let function = SurfaceFunction(network: loaded.network,
                                       center: loaded.model.parameters,
                                       delta: delta, eta: eta, samples: data.prefix(samples),
                                       buffers: loaded.model.buffers)
        let summary = "\(loaded.displayName) | \(dataSpec) | \(samples) samples | "
            + directionOptions.summary
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        return SurfaceEvaluator(function: function, workers: workers, summary: summary)
    }
}
