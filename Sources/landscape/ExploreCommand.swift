import Engine
import Foundation
import Formats
import Numerics
import Terminal

/// `landscape explore`: the interactive heatmaps of one to four models' loss surfaces.
enum ExploreCommand {
    static let usage = """
        usage: landscape explore [MODEL...] [--data SPEC] [--samples N|all] [--norm NAME]
                                 [--ignore NAME] [--seed N] [--dirs FILE]

          MODEL...         one to four model files, shown side by side on one colour scale
                           (default: the bundled batch-128 and batch-4096 CNNs, with 'w'
                           switching both between weight decay 0 and 5e-4)
          --data SPEC      fashion-mnist:test (default), fashion-mnist:train, or IMAGES,LABELS
                           (IDX files)
          --samples N|all  samples per point (default 1000, the first N of the data)
          --trajectory DIR a folder of one run's checkpoints: the map of the last one along
                           the first two principal components of the run, with the path
                           of the checkpoints over it
          --ascii          ASCII characters only (no byte above 127): the shade ramp
          --mono           no colour, as NO_COLOR=1 does
        \(ThemeOption.usage)
        \(LevelsOption.usage)
        \(DirectionOptions.usage)

        Every model gets directions from the same seed, normalized against its own weights.
        Keys: arrows or hjkl pan, + and - zoom, 0 resets the view, Tab next pane,
        n next normalization, w other weight decay, m or v loss, accuracy or non-convexity,
        s shared or own colour scales, c contours, t theme, L log scale, e exports the view
        to files, ? lists every key, q quits. The mouse wheel zooms and a click moves the
        cursor.

        \(InterpolateExploreCommand.usage)
        """

    /// The options that choose the surface, shared with `landscape render`.
    static let surfaceOptions = DirectionOptions.names.union(["data", "samples", "theme",
                                                              "trajectory", "levels"])

    static func run(_ arguments: [String]) throws -> Int32 {
        if arguments.contains("--help") {
            print(usage)
            return 0
        }
        if arguments.contains("--interpolate") {
            return try InterpolateExploreCommand.run(arguments)
        }
        let options = try Arguments(arguments, valued: surfaceOptions, flags: ["ascii", "mono"])
        let theme = try ThemeOption.theme(options.string("theme"))
        let levels = try LevelsOption.levels(options.string("levels"))
        let builder = try PaneDeckBuilder(options, compareByDefault: true)
        let deck = builder.deck()
        var explorerOptions = ExplorerOptions(title: "landscape",
                                              forceASCII: options.has("ascii"),
                                              disableColor: options.has("mono"))
        explorerOptions.themes = ThemeOption.cycle(startingWith: theme)
        explorerOptions.contourLevels = levels
        let eigenSamples = min(builder.samples, PaneDeckBuilder.eigenSamples)
        explorerOptions.eigenSummary = "on \(eigenSamples) samples"
        let status = runExplorer(deck: deck, options: explorerOptions)
        for source in deck.startedSources {
            source.stop()
        }
        // An eigenvalue point can take a minute; waiting for one would hold up the exit.
        let busy = deck.startedEigenSources.compactMap { $0 as? SurfaceEvaluator }
            .map { $0.abandon() }.contains(true)
        if busy {
            fflush(stdout)
            fflush(stderr)
            _exit(status)
        }
        return status
    }
}
