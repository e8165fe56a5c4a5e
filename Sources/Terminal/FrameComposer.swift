import Engine
import Rendering

/// Draws explorer frames: title, plot with cursor, tick labels, colour bar and status line.
struct FrameComposer {
    let heatmap: Heatmap

    /// The keys listed at the end of the status line.
    static let keyHints = "arrows/hjkl pan  +/- zoom  0 reset  q quit"

    /// Returns the cells of a `layout`-sized screen showing `snapshot`.
    func compose(_ snapshot: FrameSnapshot, layout: ExplorerLayout) -> CellGrid {
        var grid = CellGrid(width: layout.width, height: layout.height)
        guard !layout.isTooSmall else {
            grid.write("need 40x12, have \(layout.width)x\(layout.height)", x: 0, y: 0)
            return grid
        }
        let range = snapshot.losses.finiteRange
        grid.write(snapshot.title, x: 0, y: layout.titleRow)
        heatmap.render(snapshot.losses, range: range, into: &grid,
                       x: layout.plotX, y: layout.plotY)
        drawCursor(snapshot, range: range, layout: layout, into: &grid)
        drawAxes(snapshot.viewport, layout: layout, into: &grid)
        ColorBar(heatmap: heatmap).render(range: range, into: &grid, x: layout.colorBarX,
                                          y: layout.plotY, height: layout.plotRows)
        grid.write(statusText(snapshot), x: 0, y: layout.statusRow)
        return grid
    }

    /// Marks the cursor pixel with a cross-hair glyph that contrasts with its colour.
    private func drawCursor(_ snapshot: FrameSnapshot, range: ValueRange?,
                            layout: ExplorerLayout, into grid: inout CellGrid) {
        let cursor = snapshot.lattice.cursor
        let x = layout.plotX + cursor.x
        let y = layout.plotY + cursor.y / layout.pixelRowsPerCell
        guard heatmap.style.usesColor else {
            grid[x, y] = Cell("X")
            return
        }
        let color = heatmap.color(of: snapshot.losses[cursor.x, cursor.y], range: range)
        let contrast = color.map { $0.luminance > 0.5 ? RGB(0, 0, 0) : RGB(255, 255, 255) }
        grid[x, y] = Cell("+", foreground: contrast, background: color)
    }

    private func drawAxes(_ viewport: Viewport, layout: ExplorerLayout,
                          into grid: inout CellGrid) {
        let halfWidth = viewport.halfWidth
        AxisLabels.renderHorizontal(
            lower: viewport.centerAlpha - halfWidth, upper: viewport.centerAlpha + halfWidth,
            into: &grid, x: layout.plotX, y: layout.axisRow, width: layout.plotColumns)
        AxisLabels.renderVertical(
            lower: viewport.centerBeta - halfWidth, upper: viewport.centerBeta + halfWidth,
            into: &grid, x: 0, y: layout.plotY,
            width: ExplorerLayout.gutterWidth - 1, height: layout.plotRows)
    }

    /// Returns the status line: the cursor's point and value, progress and key hints.
    func statusText(_ snapshot: FrameSnapshot) -> String {
        let spacing = snapshot.viewport.spacing(across: max(snapshot.lattice.width, 1))
        let decimals = AxisLabels.decimals(forSpan: spacing) + 1
        let point = snapshot.cursorPoint
        let position = "a=" + NumberText.fixed(point.alpha, decimals: decimals)
            + " b=" + NumberText.fixed(point.beta, decimals: decimals)
        let rate = NumberText.fixed(snapshot.pointsPerSecond, decimals: 1)
        return [position + " " + valueText(snapshot.cursorValue),
                "pending \(snapshot.pendingCount)", "\(rate) pts/s", FrameComposer.keyHints]
            .joined(separator: "  ")
    }

    private func valueText(_ value: PointValue?) -> String {
        guard let value else { return "loss pending" }
        let loss = NumberText.significant(Double(value.loss))
        let diverged = value.loss.isFinite ? "" : " (diverged)"
        guard value.accuracy.isFinite else { return "loss \(loss)\(diverged)" }
        let accuracy = NumberText.fixed(Double(value.accuracy) * 100, decimals: 1)
        return "loss \(loss)\(diverged) acc \(accuracy)%"
    }
}
