import Rendering

/// The positions of the explorer screen's parts, in cells.
///
/// Row 0 is the title and the last row the status line. The panes share the rows between
/// them: side by side while each keeps `minimumPaneWidth` columns, otherwise in two columns
/// or stacked. With more than one pane, each pane's first row is its own heading. When even
/// stacking leaves too few rows, only the active pane is shown.
struct ExplorerLayout: Equatable {
    static let minimumWidth = 40
    static let minimumHeight = 12
    /// The narrowest pane kept beside another.
    static let minimumPaneWidth = 44
    /// The minimum rows of a pane kept above or below another, heading included.
    static let minimumPaneHeight = 8

    let width: Int
    let height: Int
    /// The number of panes to arrange.
    let paneCount: Int

    /// A pane's rectangle on the screen, heading row included when there is one.
    struct Frame: Equatable {
        var x: Int
        var y: Int
        var width: Int
        var height: Int
    }

    init(width: Int, height: Int, paneCount: Int = 1) {
        self.width = width
        self.height = height
        self.paneCount = max(paneCount, 1)
    }

    /// Whether the screen is below the 40x12 minimum and shows only a message.
    var isTooSmall: Bool {
        width < ExplorerLayout.minimumWidth || height < ExplorerLayout.minimumHeight
    }

    var titleRow: Int { 0 }
    var statusRow: Int { height - 1 }
    var paneY: Int { 1 }
    var paneHeight: Int { max(height - 2, 0) }

    /// Whether panes carry a heading row: whenever there is more than one.
    var hasPaneHeadings: Bool { paneCount > 1 }

    /// The columns and rows of the pane grid; (1, 1) when only the active pane fits.
    var arrangement: (columns: Int, rows: Int) {
        for columns in stride(from: paneCount, through: 1, by: -1) {
            let rows = (paneCount + columns - 1) / columns
            if width / columns >= ExplorerLayout.minimumPaneWidth || columns == 1,
               paneHeight / rows >= ExplorerLayout.minimumPaneHeight || rows == 1 {
                return (columns, rows)
            }
        }
        return (1, 1)
    }

    /// Whether every pane is on screen, rather than the active one alone.
    var showsAllPanes: Bool {
        let grid = arrangement
        return grid.columns * grid.rows >= paneCount
    }

    /// Returns the rectangle of the pane in slot `slot` of the arrangement, counting across
    /// rows.
    ///
    /// Every pane gets the same size, so one lattice of points serves them all.
    func frame(ofSlot slot: Int) -> Frame {
        let grid = arrangement
        let paneWidth = width / grid.columns
        let rowHeight = paneHeight / grid.rows
        return Frame(x: (slot % grid.columns) * paneWidth, y: paneY + (slot / grid.columns)
                     * rowHeight, width: paneWidth, height: rowHeight)
    }

    /// Returns the rectangle below a pane's heading, where its heatmap and 1D slice go.
    func plotFrame(ofSlot slot: Int) -> Frame {
        var frame = frame(ofSlot: slot)
        if hasPaneHeadings {
            frame.y += 1
            frame.height = max(frame.height - 1, 0)
        }
        return frame
    }

    /// The pane height, heading excluded, from which a 1D slice goes under the heatmap.
    static let minimumRowsForSlice = 24

    /// The rows of the 1D slice under each heatmap: a quarter of the pane, or none when the
    /// pane is short.
    var sliceRows: Int {
        let rows = plotFrame(ofSlot: 0).height
        return rows >= ExplorerLayout.minimumRowsForSlice ? rows / 4 : 0
    }

    /// Returns the rectangle of a pane's heatmap: below its heading and above its slice.
    func heatmapFrame(ofSlot slot: Int) -> Frame {
        var frame = plotFrame(ofSlot: slot)
        frame.height -= sliceRows
        return frame
    }

    /// Returns the rectangle of a pane's 1D slice, empty when the pane has none.
    func sliceFrame(ofSlot slot: Int) -> Frame {
        let heatmap = heatmapFrame(ofSlot: slot)
        return Frame(x: heatmap.x, y: heatmap.y + heatmap.height, width: heatmap.width,
                     height: sliceRows)
    }

    /// Returns the slot and plot pixel under the cell at (`column`, `row`), taking the top
    /// pixel of a cell that shows two, or nil outside every plot.
    func plotPixel(atColumn column: Int, row: Int, pane: HeatmapPane)
        -> (slot: Int, x: Int, y: Int)?
    {
        guard !isTooSmall else { return nil }
        let slots = showsAllPanes ? paneCount : 1
        for slot in 0..<slots {
            let frame = heatmapFrame(ofSlot: slot)
            let plot = pane.plotCells(width: frame.width, height: frame.height)
            let x = column - frame.x - HeatmapPane.gutterWidth
            let y = row - frame.y
            if x >= 0, x < plot.columns, y >= 0, y < plot.rows {
                return (slot, x, y * pane.heatmap.style.pixelRowsPerCell)
            }
        }
        return nil
    }

    /// Returns the plot's size in pixels with `pane`, zero when the screen is too small.
    func plotPixels(_ pane: HeatmapPane) -> (width: Int, height: Int) {
        guard !isTooSmall else { return (0, 0) }
        let frame = heatmapFrame(ofSlot: 0)
        return pane.plotPixels(width: frame.width, height: frame.height)
    }
}
