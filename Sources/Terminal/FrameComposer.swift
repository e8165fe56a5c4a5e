import Engine
import Rendering

/// Draws explorer frames: the title, the panes and the status line.
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
        "0                 reset the view",
        "Tab               next pane: its value goes to the status line",
        "n                 next normalization, same seed",
        "w                 other training run (weight decay 0 or 5e-4)",
        "m                 metric: loss or accuracy",
        "s                 colour scale shared by all panes, or one each",
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
        grid.write(snapshot.title, x: 0, y: layout.titleRow)
        let grids = snapshot.panes.map { $0.grid(snapshot.metric, width: snapshot.lattice.width) }
        let shared = sharedRange(grids, snapshot: snapshot)
        let shown = layout.showsAllPanes ? Array(snapshot.panes.indices)
            : [min(snapshot.activePane, snapshot.panes.count - 1)]
        for (slot, index) in shown.enumerated() where index >= 0 {
            let range = snapshot.ownScales ? scaled(grids[index].finiteRange, snapshot)
                : shared
            drawPane(index, values: grids[index], range: range, snapshot: snapshot,
                     layout: layout, slot: slot, into: &grid)
        }
        grid.write(statusText(snapshot, width: layout.width), x: 0, y: layout.statusRow)
        if snapshot.helpVisible {
            drawHelp(into: &grid, layout: layout)
        }
        return grid
    }

    /// Draws pane `index` in `slot`: its heading when there are several, then its heatmap.
    private func drawPane(_ index: Int, values: ValueGrid, range: ValueRange?,
                          snapshot: FrameSnapshot, layout: ExplorerLayout, slot: Int,
                          into grid: inout CellGrid) {
        let view = snapshot.viewport
        let alpha = (view.centerAlpha - view.halfWidth)...(view.centerAlpha + view.halfWidth)
        let beta = (view.centerBeta - view.halfWidth)...(view.centerBeta + view.halfWidth)
        if layout.hasPaneHeadings {
            let frame = layout.frame(ofSlot: slot)
            let heading = paneHeading(index, snapshot: snapshot)
            grid.write(String(heading.prefix(max(frame.width - 1, 0))), x: frame.x, y: frame.y)
        }
        let frame = layout.plotFrame(ofSlot: slot)
        pane.render(values, range: range, alpha: alpha, beta: beta,
                    cursor: snapshot.lattice.cursor, into: &grid, x: frame.x, y: frame.y,
                    width: frame.width, height: frame.height)
    }

    /// Returns a pane's heading: a mark on the active pane, its title and cursor value.
    func paneHeading(_ index: Int, snapshot: FrameSnapshot) -> String {
        let pane = snapshot.panes[index]
        let mark = index == snapshot.activePane ? "> " : "  "
        let scale = snapshot.ownScales ? "  [own scale]" : ""
        let count = snapshot.panes.count
        return mark + "\(index + 1)/\(count) " + pane.title + "  "
            + valueText(pane.cursorValue) + scale
    }

    /// The one colour range of all panes: it spans every pane's finite values.
    private func sharedRange(_ grids: [ValueGrid], snapshot: FrameSnapshot) -> ValueRange? {
        let ranges = grids.compactMap(\.finiteRange)
        guard let lower = ranges.map(\.lower).min(), let upper = ranges.map(\.upper).max() else {
            return nil
        }
        return scaled(ValueRange(lower: lower, upper: upper), snapshot)
    }

    /// Makes `range` logarithmic when the log scale is on and the metric is the loss.
    private func scaled(_ range: ValueRange?, _ snapshot: FrameSnapshot) -> ValueRange? {
        var range = range
        range?.isLogarithmic = snapshot.logScale && snapshot.metric == .loss
        return range
    }

    /// Draws the list of keys in a framed box in the middle of the screen.
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
            grid.write("| " + String(padded.prefix(max(width - 4, 0))) + " |", x: left,
                       y: top + row)
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
        var settings: [String] = []
        if snapshot.metric != .loss { settings.append(snapshot.metric.name) }
        if snapshot.logScale, snapshot.metric == .loss { settings.append("log scale") }
        if snapshot.ownScales { settings.append("own scales") }
        let first = [position + " " + valueText(snapshot.cursorValue),
                     "pending \(snapshot.pendingCount)"]
        let rest = snapshot.notice.map { [$0, "\(rate) pts/s"] + settings }
            ?? ["\(rate) pts/s"] + settings + [FrameComposer.keyHints]
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
