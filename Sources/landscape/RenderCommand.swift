import Engine
import Foundation
import Formats
import Rendering
import Terminal

/// `landscape render`: the explorer's first view computed in full and written to a file.
enum RenderCommand {
    static let usage = """
        usage: landscape render [MODEL...] --out FILE [options]
               landscape render --from SURFACE.csv [--column NAME] --out FILE [options]

          --out FILE       .txt (no escape codes), .ansi, .svg, .png, or .csv (the values)
          --size WxH       the screen size in cells (default 120x40)
          --ascii          ASCII characters only: the shade ramp, no colour
          --log            logarithmic colour scale
          --contours       contour lines over the heatmap
          --from FILE      draw a surface CSV that 'landscape surface' wrote instead of
                           computing one (.txt, .ansi, .svg or .png out)
          --column NAME    the column --from draws (default: ratio if present, else loss)
        \(ThemeOption.usage)
        \(LevelsOption.usage)
          --data SPEC      fashion-mnist:test (default), fashion-mnist:train, or IMAGES,LABELS
          --samples N|all  samples per point (default 1000, the first N of the data)
        \(DirectionOptions.usage)

        One to four models go side by side on one colour scale, as in the explorer; the
        default is the bundled batch-128 and batch-4096 CNNs (weight decay 0). The view is
        the explorer's first: a, b in [-1, 1] for filter and layer normalization.
        """

    static func run(_ arguments: [String]) throws -> Int32 {
        if arguments.contains("--help") {
            print(usage)
            return 0
        }
        let valued = ExploreCommand.surfaceOptions.union(["out", "size", "from", "column"])
        let options = try Arguments(arguments, valued: valued,
                                    flags: ["ascii", "log", "contours"])
        guard let out = options.string("out") else {
            throw UsageError(description: "missing --out FILE (.txt, .ansi, .svg, .png or .csv)")
        }
        try OutputPath.check(out)
        let (width, height) = try size(options.string("size") ?? "120x40")
        let theme = try ThemeOption.theme(options.string("theme"))
        if let from = options.string("from") {
            var picture = try SurfaceCSV.picture(path: from, column: options.string("column"),
                                                 title: "landscape  " + from)
            picture.theme = theme
            picture.logScale = options.has("log")
            picture.style = options.has("ascii") ? .shadeRamp : .halfBlock
            try picture.write(width: width, height: height, to: out)
            print("wrote \(out)")
            return 0
        }
        let deck = try PaneDeckBuilder(options, compareByDefault: true).deck()
        let group = deck.group(normalization: 0, run: 0)
        defer {
            for source in deck.startedSources + deck.startedEigenSources { source.stop() }
        }

        var renderer = StillRenderer(width: width, height: height,
                                     title: "landscape  " + group.summary,
                                     style: options.has("ascii") ? .shadeRamp : .halfBlock)
        renderer.logScale = options.has("log")
        renderer.theme = theme
        renderer.contours = options.has("contours")
        renderer.contourLevels = try LevelsOption.levels(options.string("levels"))
        var meter: ProgressMeter?
        let start = Date()
        try renderer.render(group, to: out) { done, total in
            if meter == nil { meter = ProgressMeter(total: total) }
            meter?.update(done: done, computed: done, elapsed: Date().timeIntervalSince(start))
        }
        meter?.clear()
        print("wrote \(out)")
        return 0
    }

    /// Parses `WxH` with both at least the explorer's 40x12 minimum.
    private static func size(_ text: String) throws -> (Int, Int) {
        let parts = text.lowercased().split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2, parts[0] >= 40, parts[1] >= 12, parts[0] <= 1000,
              parts[1] <= 1000 else {
            throw UsageError(description: "invalid --size '\(text)': expected WIDTHxHEIGHT "
                             + "in cells, from 40x12 to 1000x1000")
        }
        return (parts[0], parts[1])
    }
}
