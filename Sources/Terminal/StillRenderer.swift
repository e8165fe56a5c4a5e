import Engine
import Foundation
import Rendering

/// The explorer's screen computed and composed without a terminal, for `landscape render`.
public struct StillRenderer {
    public var width: Int
    public var height: Int
    public var title: String
    public var style: HeatmapStyle
    public var logScale = false

    public init(width: Int, height: Int, title: String, style: HeatmapStyle) {
        self.width = width
        self.height = height
        self.title = title
        self.style = style
    }

    /// Computes every point of the initial view (α, β in [−1, 1]) and writes the screen to
    /// `path` in the format its extension names: `.txt`, `.ansi`, `.svg`, `.png` or `.csv`.
    ///
    /// - Parameter progress: called about ten times a second with (done, total) points.
    /// - Throws: `FormatError` for an unknown extension or a failed write.
    public func render(_ source: SurfaceSource, to path: String,
                       progress: (Int, Int) -> Void = { _, _ in }) throws {
        let exporter = ViewExporter()
        guard let format = ViewExporter.Format(path: path) else {
            throw ViewExporter.unknownFormat(path)
        }
        let layout = ExplorerLayout(width: width, height: height)
        let composer = FrameComposer(pane: HeatmapPane(heatmap: Heatmap(style: style)))
        let pixels = layout.plotPixels(composer.pane)
        let lattice = PixelLattice(viewport: .initial, width: pixels.width,
                                   height: pixels.height)
        let points = lattice.requestOrder()
        source.request(points)
        while source.pendingCount > 0 {
            progress(points.count - source.pendingCount, points.count)
            usleep(100_000)
        }
        progress(points.count, points.count)

        var snapshot = FrameSnapshot(title: title, viewport: .initial,
                                     cache: PixelValueCache(lattice: lattice), source: source)
        snapshot.logScale = logScale
        snapshot.notice = ""
        let grid = composer.compose(snapshot, layout: layout)
        try exporter.write(format, screen: grid, lattice: lattice, source: source, to: path)
    }
}
