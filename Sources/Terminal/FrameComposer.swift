import Engine
import Rendering

/// Draws explorer frames: the title, the panes (heatmap, contours and a 1D slice through
/// the cursor) and the status line.
struct FrameComposer {
    let pane: HeatmapPane
    let theme: Theme
    /// Whether braille may be written; otherwise contours and curves use ASCII lines.
    let allowsUnicode: Bool
    /// The values of the contour lines: evenly spaced round numbers, or chosen ones.
    let contourLevels: ContourLevels

    init(style: HeatmapStyle, theme: Theme = .dark, allowsUnicode: Bool = true,
         contourLevels: ContourLevels = .automatic(ContourLayer.defaultLevelCount)) {
        pane = HeatmapPane(heatmap: Heatmap(style: style, theme: theme))
        self.theme = theme
        self.allowsUnicode = allowsUnicode
        self.contourLevels = contourLevels
    }

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
        "m or v            metric: loss, accuracy, non-convexity",
        "c                 contour lines: off, over the heatmap, alone",
        "t                 next colour theme",
        "mouse             wheel zooms, a click moves the cursor",
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
        grid.write(snapshot.title, x: 0, y: layout.titleRow, foreground: theme.title)
        let grids = snapshot.panes.map { $0.grid(snapshot.metric, width: snapshot.lattice.width) }
        let losses = snapshot.metric == .loss ? grids
            : snapshot.panes.map { $0.grid(.loss, width: snapshot.lattice.width) }
        let shared = sharedRange(grids, snapshot: snapshot, metric: snapshot.metric)
        let sharedLoss = sharedRange(losses, snapshot: snapshot, metric: .loss)
        let visiblePanes = layout.showsAllPanes ? Array(snapshot.panes.indices)
            : [min(snapshot.activePane, snapshot.panes.count - 1)]
        for (slot, index) in visiblePanes.enumerated() where index >= 0 {
            let own = snapshot.ownScales
            let range = own ? scaled(grids[index].finiteRange, snapshot, snapshot.metric)
                : shared
            let lossRange = own ? scaled(losses[index].finiteRange, snapshot, .loss) : sharedLoss
            drawPane(index, values: grids[index], range: range, snapshot: snapshot,
                     layout: layout, slot: slot, into: &grid)
            drawSlice(index, losses: losses, range: lossRange, snapshot: snapshot,
                      frame: layout.sliceFrame(ofSlot: slot), into: &grid)
        }
        grid.write(statusText(snapshot, width: layout.width), x: 0, y: layout.statusRow,
                   foreground: theme.status)
        if snapshot.helpVisible {
            drawHelp(into: &grid, layout: layout)
        }
        return grid
    }

    /// Draws pane `index` in `slot`: its heading when there are several, then its heatmap
    /// and contour lines, with the cursor mark on top.
    private func drawPane(_ index: Int, values: ValueGrid, range: ValueRange?,
                          snapshot: FrameSnapshot, layout: ExplorerLayout, slot: Int,
                          into grid: inout CellGrid) {
        let view = snapshot.viewport
        let alpha = (view.centerAlpha - view.halfWidth)...(view.centerAlpha + view.halfWidth)
        let beta = (view.centerBeta - view.halfWidth)...(view.centerBeta + view.halfWidth)
        if layout.hasPaneHeadings {
            let frame = layout.frame(ofSlot: slot)
            let heading = paneHeading(index, snapshot: snapshot, width: frame.width - 1)
            grid.write(heading, x: frame.x, y: frame.y, foreground: theme.title)
        }
        let frame = layout.heatmapFrame(ofSlot: slot)
        let colours = snapshot.contours == .alone
            ? ValueGrid(width: values.width, height: values.height) : values
        let cursor = snapshot.lattice.cursor
        var pane = self.pane
        if let trajectory = snapshot.trajectory {
            pane.axisNames = trajectory.axisNames
        }
        pane.render(colours, range: range, alpha: alpha, beta: beta, cursor: cursor,
                    into: &grid, x: frame.x, y: frame.y, width: frame.width, height: frame.height)
        let plot = pane.plotCells(width: frame.width, height: frame.height)
        let plotX = frame.x + HeatmapPane.gutterWidth
        let cursorCell = (x: plotX + cursor.x,
                          y: frame.y + cursor.y / pane.heatmap.style.pixelRowsPerCell)
        let mark = grid[cursorCell.x, cursorCell.y]
        let glyphs: BrailleGlyphs = allowsUnicode ? .braille : .asciiLines
        if snapshot.contours != .off {
            ContourLayer(levels: contourLevels, theme: theme, glyphs: glyphs)
                .render(values: values, range: range, into: &grid, x: plotX, y: frame.y,
                        columns: plot.columns, rows: plot.rows)
        }
        snapshot.trajectory?.render(into: &grid, x: plotX, y: frame.y, columns: plot.columns,
                                    rows: plot.rows, alpha: alpha, beta: beta,
                                    color: theme.cursor ?? RGB(255, 255, 255), glyphs: glyphs)
        grid[cursorCell.x, cursorCell.y] = mark
    }

    /// Draws pane `index`'s 1D slice through the cursor: its loss along α at the cursor's β,
    /// with the accuracy on a second axis, and the other panes' losses overlaid, all on the
    /// loss range of the heatmap's colour scale.
    private func drawSlice(_ index: Int, losses: [ValueGrid], range: ValueRange?,
                           snapshot: FrameSnapshot, frame: ExplorerLayout.Frame,
                           into grid: inout CellGrid) {
        let lattice = snapshot.lattice
        guard frame.height > 0, lattice.width > 0, lattice.height > 0 else { return }
        let row = lattice.cursor.y
        let alphas = (0..<lattice.width).map { lattice.point(x: $0, y: row, offset: 0).alpha }
        func loss(of pane: Int) -> [Double?] {
            (0..<lattice.width).map { losses[pane][$0, row].map(Double.init) }
        }
        let accuracy = (0..<lattice.width).map { column -> Double? in
            snapshot.panes[index].values[row * lattice.width + column].map {
                Double($0.accuracy)
            }
        }
        var series = [
            CurveSeries(name: "loss", x: alphas, y: loss(of: index)),
            CurveSeries(name: "acc", x: alphas, y: accuracy, axis: .right),
        ]
        for other in snapshot.panes.indices where other != index {
            series.append(CurveSeries(name: String(snapshot.panes[other].title.prefix(16)),
                                      x: alphas, y: loss(of: other)))
        }
        var plot = CurvePlot(series: series, theme: theme)
        plot.xRange = (snapshot.viewport.centerAlpha - snapshot.viewport.halfWidth)
            ... (snapshot.viewport.centerAlpha + snapshot.viewport.halfWidth)
        if let range, range.upper > range.lower {
            plot.leftRange = Double(range.lower)...Double(range.upper)
        }
        plot.isLeftLogarithmic = range?.isLogarithmic ?? false
        plot.rightRange = 0...1
        plot.cursorX = snapshot.cursorPoint.alpha
        plot.glyphs = allowsUnicode ? .braille : .asciiLines
        plot.showsMarkers = !self.pane.heatmap.style.usesColor
        plot.render(into: &grid, x: frame.x, y: frame.y, width: frame.width - 1,
                    height: frame.height)
    }

    /// Returns a pane's heading: a mark on the active pane, its title and cursor value.
    func paneHeading(_ index: Int, snapshot: FrameSnapshot, width: Int = .max) -> String {
        let pane = snapshot.panes[index]
        let mark = index == snapshot.activePane ? "> " : "  "
        var parts = [mark + "\(index + 1)/\(snapshot.panes.count) " + pane.title]
        if snapshot.ownScales { parts.append("[own scale]") }
        parts.append(valueText(pane.cursorValue))
        if let basin = pane.basin { parts.append(basin.text) }
        return FrameComposer.fitting(parts, width: width)
    }

    /// Joins `parts` two spaces apart and leaves out every part that would pass `width`, so
    /// that no number is cut. The first part is cut only when it alone is too wide.
    static func fitting(_ parts: [String], width: Int) -> String {
        guard let first = parts.first else { return "" }
        var text = String(first.prefix(max(width, 0)))
        for part in parts.dropFirst() where text.count + 2 + part.count <= width {
            text += "  " + part
        }
        return text
    }

    /// Returns the one colour range of all panes, spanning every pane's finite values.
    private func sharedRange(_ grids: [ValueGrid], snapshot: FrameSnapshot, metric: Metric)
        -> ValueRange?
    {
        let ranges = grids.compactMap(\.finiteRange)
        guard let lower = ranges.map(\.lower).min(), let upper = ranges.map(\.upper).max() else {
            return nil
        }
        return scaled(ValueRange(lower: lower, upper: upper), snapshot, metric)
    }

    /// Makes `range` logarithmic when the log scale is on and `metric` is the loss.
    private func scaled(_ range: ValueRange?, _ snapshot: FrameSnapshot, _ metric: Metric)
        -> ValueRange?
    {
        var range = range
        range?.isLogarithmic = snapshot.logScale && metric == .loss
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
    /// exported files or why an export failed, comes right after them.
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
        switch snapshot.contours {
        case .off: break
        case .overHeatmap: settings.append("contours")
        case .alone: settings.append("contours alone")
        }
        var cursorText = position + " " + valueText(snapshot.cursorValue)
        if snapshot.metric == .nonConvexity, snapshot.panes.indices.contains(snapshot.activePane) {
            cursorText += " " + eigenText(snapshot.panes[snapshot.activePane].cursorEigen)
            if !snapshot.eigenSummary.isEmpty { cursorText += " " + snapshot.eigenSummary }
        }
        var first = [cursorText, "pending \(snapshot.pendingCount)"]
        if snapshot.panes.count == 1, let basin = snapshot.panes[0].basin {
            first.append(basin.text)
        }
        if let mark = snapshot.trajectory?.mark(near: point.alpha, point.beta,
                                                reach: spacing * 1.5) {
            first.insert(markText(mark, map: snapshot.cursorValue), at: 1)
        }
        let lead = first.joined(separator: "  ")
        guard let notice = snapshot.notice else {
            let rest = settings + ["\(rate) pts/s", FrameComposer.keyHints]
            return FrameComposer.fitting([lead] + rest, width: width)
        }
        // A notice, such as an export error, is cut to the width rather than left out.
        let room = width == .max ? notice.count : width - lead.count - 2
        let shown = notice.count <= room || room < 12
            ? notice : String(notice.prefix(room - 1)) + "…"
        return FrameComposer.fitting([lead, shown] + settings + ["\(rate) pts/s"], width: width)
    }

    /// Returns the status text of a checkpoint under the cursor: its own loss beside the
    /// map's value there, and how far the checkpoint lies off the plane.
    private func markText(_ mark: TrajectoryOverlay.Mark, map: PointValue?) -> String {
        let own = mark.ownLoss.map { NumberText.significant(Double($0)) } ?? "?"
        let shown = map.map { NumberText.significant(Double($0.loss)) } ?? "computing"
        return "\(mark.label): own loss \(own), map \(shown), off the plane by "
            + NumberText.significant(mark.residual, digits: 3)
    }

    /// Returns the eigenvalues under the cursor and their ratio, or that they are pending.
    private func eigenText(_ packed: PointValue?) -> String {
        guard let packed else { return "eigenvalues computing" }
        let value = EigenRatioValue(packed: packed)
        return "min/max eigenvalue " + NumberText.significant(Double(value.lambdaMin), digits: 3)
            + "/" + NumberText.significant(Double(value.lambdaMax), digits: 3)
            + " ratio " + NumberText.significant(Double(value.ratio), digits: 3)
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
