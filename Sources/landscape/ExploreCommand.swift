import Engine
import Foundation
import Formats
import Numerics
import Terminal

/// `landscape explore`: the interactive heatmap of one model's loss surface.
enum ExploreCommand {
    static let usage = """
        usage: landscape explore MODEL [--data SPEC] [--samples N|all] [--norm NAME]
                                 [--ignore NAME] [--seed N] [--dirs FILE]

          --data SPEC      fashion-mnist:test (default), fashion-mnist:train, or IMAGES,LABELS
          --samples N|all  samples per point (default 1000, the first N of the data)
        \(DirectionOptions.usage)

        Keys: arrows or hjkl pan, + and - zoom, 0 resets the view, q quits.
        """

    static func run(_ arguments: [String]) throws -> Int32 {
        if arguments.contains("--help") {
            print(usage)
            return 0
        }
        let options = try Arguments(arguments,
                                    valued: DirectionOptions.names.union(["data", "samples"]))
        let directionOptions = try DirectionOptions(options)
        try options.expectPositionals(atMost: 1, usage: "landscape explore MODEL")
        let path = options.positionals.first ?? SampleModels.defaultModelPath
        let loaded = try LoadedModel(path: path)
        let dataSpec = options.string("data") ?? "fashion-mnist:test"
        let data = try DatasetSpec.load(dataSpec)
        let samples = try SampleCount.parse(options.string("samples"), available: data.count,
                                            default: 1000)
        let (delta, eta) = try directionOptions.directions(for: loaded.model.parameters)
        let function = SurfaceFunction(network: loaded.network,
                                       center: loaded.model.parameters,
                                       delta: delta, eta: eta, samples: data.prefix(samples))
        let summary = "\(loaded.displayName) | \(dataSpec) | \(samples) samples | "
            + directionOptions.summary
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let source = SurfaceEvaluator(function: function, workers: workers, summary: summary)
        let status = runExplorer(source: source, options: ExplorerOptions(title: "landscape"))
        source.stop()
        return status
    }
}
