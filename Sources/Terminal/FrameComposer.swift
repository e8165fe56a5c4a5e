import Engine
import Rendering

/// Draws explorer frames: the title, the heatmap pane and the status line.
struct FrameComposer {
    let pane: HeatmapPane

    /// The keys listed at the end of the status line.
    static let keyHints = "arrows/hjkl pan  +/- zoom  0 reset  ? help  q quit"

    /// The lines of the help overlay, one key or key group each.
    static let helpLines = [
        "keys",
        "",
        "arrows, h j k l   pan by an eighth of the view",
        "+ or =            zoom in two times at the cursor",
        "-                 zoom out two times",
        "0                 reset to a, b in [-1, 1]",
        "L                 linear or logarithmic colour scale",
        "e                 export: .txt .ansi .svg .png .csv",
        "Ctrl-L            repaint the screen",
        "? or Esc          close this help",
        "q                 quit",
    ]

    /// Returns the cells of a `layout`-sized screen showing `snapshot`.
    func compose(_ snapshot: FrameSnapshot, layout: ExplorerLayout) -> CellGrid {
        var grid = CellGrid(width: layout.width, height: layout.height)
        guard !layout.isTooSmall else {
            grid.write("need 40x12, have \(layout.width)x\(layout.height)", x: 0, y: 0)
            return grid
        }
        let view = snapshot.viewport
        let alpha = (view.centerAlpha - view.halfWidth)...(view.centerAlpha + view.halfWidth)
        let beta = (view.centerBeta - view.halfWidth)...(view.centerBeta + view.halfWidth)
        grid.write(snapshot.title, x: 0, y: layout.titleRow)
        pane.render(snapshot.losses, alpha: alpha, beta: beta, cursor: snapshot.lattice.cursor,
                    logarithmic: snapshot.logScale,
                    into: &grid, x: 0, y: layout.paneY,
                    width: layout.width, height: layout.paneHeight)
        grid.write(statusText(snapshot, width: layout.width), x: 0, y: layout.statusRow)
        if snapshot.helpVisible {
            drawHelp(into: &grid, layout: layout)
        }
        return grid
    }

    /// Draws the list of keys in a framed box in the middle of the pane.
    private func drawHelp(into grid: inout CellGrid, layout: ExplorerLayout) {
        let lines = FrameComposer.helpLines
        let width = min((lines.map(\.count).max() ?? 0) + 4, layout.width)
        let height = min(lines.count + 2, layout.paneHeight)
        let left = (layout.width - width) / 2
        let top = layout.paneY + max(0, (layout.paneHeight - height) / 2)
        let border = "+" + String(repeating: "-", count: max(width - 2, 0)) + "+"
        grid.write(border, x: left, y: top)
        for row in 1..<max(height - 1, 1) {
            let text = row - 1 < lines.count ? lines[row - 1] : ""
            let padded = text + String(repeating: " ", count: max(width - 4 - text.count, 0))
            grid.write("| " + padded + " |", x: left, y: top + row)
        }
        grid.write(border, x: left, y: top + height - 1)
    }

    /// Returns the status line: the cursor's point and value, progress and key hints.
    ///
    /// Parts that do not fit in `width` are left out from the end, so the cursor's value and
    /// the pending count stay visible on a narrow terminal. A notice, such as the names of
    /// exported files, comes before the rate.
    func statusText(_ snapshot: FrameSnapshot, width: Int = .max) -> String {
        let spacing = snapshot.viewport.spacing(across: max(snapshot.lattice.width, 1))
        let decimals = AxisLabels.decimals(forSpan: spacing) + 1
        let point = snapshot.cursorPoint
        let position = "a=" + NumberText.fixed(point.alpha, decimals: decimals)
            + " b=" + NumberText.fixed(point.beta, decimals: decimals)
        let rate = NumberText.fixed(snapshot.pointsPerSecond, decimals: 1)
        let scale = snapshot.logScale ? ["log scale"] : []
        let first = [position + " " + valueText(snapshot.cursorValue),
                     "pending \(snapshot.pendingCount)"]
        let rest = snapshot.notice.map { [$0, "\(rate) pts/s"] + scale }
            ?? ["\(rate) pts/s"] + scale + [FrameComposer.keyHints]
        var text = first.joined(separator: "  ")
        for part in rest where text.count + 2 + part.count <= width {
            text += "  " + part
        }
        return text
    }

    private func valueText(_ value: PointValue?) -> String {
        guard let value else { return "computing" }
        let loss = NumberText.significant(Double(value.loss))
        let diverged = value.loss.isFinite ? "" : " (diverged)"
        guard value.accuracy.isFinite else { return "loss \(loss)\(diverged)" }
        let accuracy = NumberText.fixed(Double(value.accuracy) * 100, decimals: 1)
        return "loss \(loss)\(diverged) acc \(accuracy)%"
    }
}
