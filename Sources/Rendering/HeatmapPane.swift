/// A heatmap pane: the plot, a cursor mark, tick labels on both axes and a colour bar.
///
/// The β tick labels take `gutterWidth` columns on the left of the pane. The colour bar
/// takes the right edge after one blank column, and the α tick labels take the bottom row.
/// The plot fills the rest.
public struct HeatmapPane: Sendable {
    public var heatmap: Heatmap
    /// The names of the horizontal and vertical axes, ASCII.
    public var axisNames = (horizontal: "a", vertical: "b")

    /// The columns of the β tick labels, including one blank column before the plot.
    public static let gutterWidth = 9

    public init(heatmap: Heatmap) {
        self.heatmap = heatmap
    }

    /// The colour bar at the right edge.
    public var colorBar: ColorBar {
        ColorBar(heatmap: heatmap)
    }

    /// Returns the plot's size in cells for a pane of `width` x `height` cells, or zero
    /// when the pane is too small to hold a plot.
    public func plotCells(width: Int, height: Int) -> (columns: Int, rows: Int) {
        let columns = width - HeatmapPane.gutterWidth - 1 - colorBar.width
        return (max(columns, 0), max(height - 1, 0))
    }

    /// Returns the plot's size in pixels for a pane of `width` x `height` cells.
    public func plotPixels(width: Int, height: Int) -> (width: Int, height: Int) {
        let cells = plotCells(width: width, height: height)
        return (cells.columns, cells.rows * heatmap.style.pixelRowsPerCell)
    }

    /// Draws the pane with its top-left cell at (`x`, `y`), clipped to `grid`.
    ///
    /// The colour scale spans the finite values of `values`.
    /// - Parameters:
    ///   - values: the plot's pixels, `plotPixels(width:height:)` in size.
    ///   - alpha: the α values at the left and right edges of the plot.
    ///   - beta: the β values at the bottom and top edges of the plot.
    ///   - cursor: the pixel to mark with a cross-hair, or nil for none.
    ///   - logarithmic: whether colours follow the logarithm of the values.
    public func render(_ values: ValueGrid, alpha: ClosedRange<Double>,
                       beta: ClosedRange<Double>, cursor: (x: Int, y: Int)?,
                       logarithmic: Bool = false,
                       into grid: inout CellGrid, x: Int, y: Int, width: Int, height: Int) {
        var range = values.finiteRange
        range?.isLogarithmic = logarithmic
        render(values, range: range, alpha: alpha, beta: beta, cursor: cursor,
               into: &grid, x: x, y: y, width: width, height: height)
    }

    /// Draws the pane as `render(_:alpha:beta:cursor:logarithmic:into:x:y:width:height:)`
    /// does, with colours spanning `range` rather than the values' own range, so that
    /// several panes can share one scale.
    public func render(_ values: ValueGrid, range: ValueRange?, alpha: ClosedRange<Double>,
                       beta: ClosedRange<Double>, cursor: (x: Int, y: Int)?,
                       into grid: inout CellGrid, x: Int, y: Int, width: Int, height: Int) {
        let plot = plotCells(width: width, height: height)
        guard plot.columns > 0, plot.rows > 0 else { return }
        let plotX = x + HeatmapPane.gutterWidth

        heatmap.render(values, range: range, into: &grid, x: plotX, y: y)
        if let cursor {
            markCursor(cursor, values: values, range: range, into: &grid, x: plotX, y: y)
        }
        AxisLabels.renderHorizontal(lower: alpha.lowerBound, upper: alpha.upperBound,
                                    name: axisNames.horizontal, into: &grid,
                                    x: plotX, y: y + plot.rows, width: plot.columns)
        AxisLabels.renderVertical(lower: beta.lowerBound, upper: beta.upperBound,
                                  name: axisNames.vertical, into: &grid, x: x, y: y,
                                  width: HeatmapPane.gutterWidth - 1, height: plot.rows)
        colorBar.render(range: range, into: &grid, x: x + width - colorBar.width, y: y,
                        height: plot.rows)
    }

    /// Marks the cursor pixel: `+` in black or white, whichever contrasts with the pixel's
    /// colour, or `X` in the shade ramp, whose characters include `+`.
    private func markCursor(_ cursor: (x: Int, y: Int), values: ValueGrid, range: ValueRange?,
                            into grid: inout CellGrid, x: Int, y: Int) {
        let cellX = x + cursor.x
        let cellY = y + cursor.y / heatmap.style.pixelRowsPerCell
        guard heatmap.style.usesColor else {
            grid[cellX, cellY] = Cell("X")
            return
        }
        let color = heatmap.color(of: values[cursor.x, cursor.y], range: range)
        let contrast = color.map { $0.luminance > 0.5 ? RGB(0, 0, 0) : RGB(255, 255, 255) }
        grid[cellX, cellY] = Cell("+", foreground: contrast, background: color)
    }
}
