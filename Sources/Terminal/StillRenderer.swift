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
    public var theme = Theme.dark
    /// Whether contour lines go over the heatmap, and at which values.
    public var contours = false
    public var contourLevels = ContourLevels.automatic(ContourLayer.defaultLevelCount)

    public init(width: Int, height: Int, title: String, style: HeatmapStyle) {
        self.width = width
        self.height = height
        self.title = title
        self.style = style
    }

    /// Computes every point of the group's initial view in each of its panes and writes the
    /// screen to `path` in the format its extension names: `.txt`, `.ansi`, `.svg`, `.png`
    /// or `.csv`.
    ///
    /// - Parameter progress: called about ten times a second with (done, total) points over
    ///   all panes.
    /// - Throws: `FormatError` for an unknown extension or a failed write.
    public func render(_ group: PaneGroup, to path: String,
                       progress: (Int, Int) -> Void = { _, _ in }) throws {
        let exporter = ViewExporter()
        guard let format = ViewExporter.Format(path: path) else {
            throw ViewExporter.unknownFormat(path)
        }
        let layout = ExplorerLayout(width: width, height: height,
                                    paneCount: group.panes.count)
        let composer = FrameComposer(style: style, theme: theme,
                                     allowsUnicode: style != .shadeRamp && style != .solid,
                                     contourLevels: contourLevels)
        let pixels = layout.plotPixels(composer.pane)
        let viewport = Viewport(halfWidth: group.halfWidth)
        let lattice = PixelLattice(viewport: viewport, width: pixels.width,
                                   height: pixels.height)
        let basin = BasinReadout(reach: 2 * group.halfWidth)
        let points = lattice.requestOrder(afterCoarsest: basin.points)
        for pane in group.panes {
            pane.source.request(points)
        }
        let total = points.count * group.panes.count
        func pending() -> Int { group.panes.reduce(0) { $0 + $1.source.pendingCount } }
        while pending() > 0 {
            progress(total - pending(), total)
            usleep(100_000)
        }
        progress(total, total)

        let panes = group.panes.map {
            var pane = PaneSnapshot(title: $0.title, cache: PixelValueCache(lattice: lattice),
                                    source: $0.source)
            pane.basin = basin.measure($0.source)
            return pane
        }
        var snapshot = FrameSnapshot(title: title, viewport: viewport, lattice: lattice,
                                     panes: panes)
        snapshot.logScale = logScale
        snapshot.contours = contours ? .overHeatmap : .off
        snapshot.trajectory = group.trajectory
        snapshot.notice = ""
        let grid = composer.compose(snapshot, layout: layout)
        try exporter.write(format, screen: grid, lattice: lattice, panes: group.panes, to: path)
    }
}
