import Rendering

/// The positions of the explorer screen's parts, in cells.
///
/// Row 0 is the title and the last row the status line. The heatmap pane (plot, tick
/// labels and colour bar) fills the rows between them.
struct ExplorerLayout: Equatable {
    static let minimumWidth = 40
    static let minimumHeight = 12

    let width: Int
    let height: Int

    /// Whether the screen is below the 40x12 minimum and shows only a message.
    var isTooSmall: Bool {
        width < ExplorerLayout.minimumWidth || height < ExplorerLayout.minimumHeight
    }

    var titleRow: Int { 0 }
    var statusRow: Int { height - 1 }
    var paneY: Int { 1 }
    var paneHeight: Int { max(height - 2, 0) }

    /// Returns the plot's size in pixels with `pane`, zero when the screen is too small.
    func plotPixels(_ pane: HeatmapPane) -> (width: Int, height: Int) {
        guard !isTooSmall else { return (0, 0) }
        return pane.plotPixels(width: width, height: paneHeight)
    }
}
