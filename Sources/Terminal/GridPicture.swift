import Formats
import Rendering

/// A picture of values on a grid of (α, β) points, such as a surface file that
/// `landscape surface` wrote, drawn as the explorer draws a pane: heatmap, ticks and
/// colour bar under a title.
public struct GridPicture {
    /// The distinct α values, increasing, and the distinct β values, increasing.
    public var alphas: [Double]
    public var betas: [Double]
    /// `values[j][i]` is the value at (alphas[i], betas[j]); nil where the file has none.
    public var values: [[Float?]]
    public var title: String
    public var style: HeatmapStyle = .halfBlock
    public var theme = Theme.dark
    public var logScale = false

    public init(alphas: [Double], betas: [Double], values: [[Float?]], title: String) {
        self.alphas = alphas
        self.betas = betas
        self.values = values
        self.title = title
    }

    /// Draws the picture on a `width` x `height` screen and writes it to `path` as `.txt`,
    /// `.ansi`, `.svg` or `.png`, chosen by the extension.
    ///
    /// Each plot pixel shows the value of the nearest grid point, so a coarse grid shows as
    /// blocks.
    /// - Throws: `FormatError` for another extension or a failed write.
    public func write(width: Int, height: Int, to path: String) throws {
        guard let format = ViewExporter.Format(path: path), format != .csv else {
            throw FormatError(file: path, message: "unknown picture format, expected a name "
                              + "ending in .txt, .ansi, .svg or .png")
        }
        var grid = CellGrid(width: width, height: height)
        grid.write(title, x: 0, y: 0, foreground: theme.title)
        let pane = HeatmapPane(heatmap: Heatmap(style: style, theme: theme))
        let pixels = pane.plotPixels(width: width, height: height - 1)
        var plot = ValueGrid(width: pixels.width, height: pixels.height)
        for y in 0..<pixels.height {
            for x in 0..<pixels.width {
                let column = nearest(Double(x) + 0.5, of: pixels.width, count: alphas.count)
                let row = nearest(Double(pixels.height - y) - 0.5, of: pixels.height,
                                  count: betas.count)
                plot[x, y] = values[row][column]
            }
        }
        var range = plot.finiteRange
        range?.isLogarithmic = logScale
        let alpha = (alphas.first ?? 0)...(alphas.last ?? 0)
        let beta = (betas.first ?? 0)...(betas.last ?? 0)
        pane.render(plot, range: range, alpha: alpha, beta: beta, cursor: nil, into: &grid,
                    x: 0, y: 1, width: width, height: height - 1)
        try ViewExporter().writeScreen(format, screen: grid, to: path)
    }

    /// Returns the index of the grid point nearest `position` of `pixels`, for `count`
    /// points spread from the first pixel's centre to the last's.
    private func nearest(_ position: Double, of pixels: Int, count: Int) -> Int {
        guard count > 1, pixels > 1 else { return 0 }
        let fraction = (position - 0.5) / Double(pixels - 1)
        return min(max(Int((fraction * Double(count - 1)).rounded()), 0), count - 1)
    }
}
