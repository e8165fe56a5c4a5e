/// The placement of a curve plot's parts, and the drawing of its axes and tick labels.
///
/// Axis lines and ticks are ASCII (`|`, `-`, `+`), because box-drawing characters are
/// ambiguous-width and some terminals draw them two cells wide.
struct CurveLayout {
    /// The top-left cell of the plot area and its size in cells.
    let plotX: Int, plotY: Int, columns: Int, rows: Int
    let scales: CurveScales
    let axisColor: RGB?
    let cursorColor: RGB?
    /// The tick values and their labels of the left and right axes.
    let leftTicks: [(value: Double, label: String)]
    let rightTicks: [(value: Double, label: String)]
    /// Whether a series uses the right axis, which then takes the right edge.
    let hasRightAxis: Bool
    /// The right edge of the whole rectangle, exclusive.
    let limit: Int

    /// The widest tick label that a y axis gets, enough for "-1.235e+05".
    static let maxLabelWidth = 10

    init(plot: CurvePlot, scales: CurveScales, x: Int, y: Int, width: Int, height: Int) {
        let legendRows = plot.showsLegend && !plot.series.isEmpty ? 1 : 0
        let markRows = plot.marks.isEmpty ? 0 : 1
        let rows = height - legendRows - markRows - 2
        let tickCount = max(rows / 3, 2)
        leftTicks = CurveLayout.ticks(scales.left, count: tickCount)
            + CurveLayout.upperEnd(scales.left)
        rightTicks = CurveLayout.ticks(scales.right, count: tickCount)
        let leftWidth = CurveLayout.labelWidth(leftTicks)
        hasRightAxis = plot.series.contains { $0.axis == .right }
        let rightGutter = hasRightAxis ? 1 + CurveLayout.labelWidth(rightTicks) : 0

        plotX = x + leftWidth + 1
        plotY = y + legendRows + markRows
        columns = width - leftWidth - 1 - rightGutter
        self.rows = rows
        self.scales = scales
        axisColor = plot.axisColor
        cursorColor = plot.cursorColor
        limit = x + width
    }

    private static func ticks(_ scale: PlotScale?, count: Int)
        -> [(value: Double, label: String)] {
        guard let scale else { return [] }
        return scale.ticks(count: count).map { ($0, NumberText.significant($0, digits: 4)) }
    }

    /// Returns the scale's upper end as a tick, so that the top row of the left axis has a
    /// label, as the heatmap's vertical axis does. A round tick nearer the top row's middle
    /// takes its place there.
    private static func upperEnd(_ scale: PlotScale?) -> [(value: Double, label: String)] {
        guard let scale else { return [] }
        return [(scale.upper, NumberText.significant(scale.upper, digits: 4))]
    }

    private static func labelWidth(_ ticks: [(value: Double, label: String)]) -> Int {
        min(ticks.map(\.label.count).max() ?? 0, maxLabelWidth)
    }

    /// Draws both y axes, the x axis line with its ticks and the cursor mark, and the x
    /// tick labels.
    func renderAxes(mapping: CurveMapping, cursorX: Double?, into grid: inout CellGrid) {
        renderYAxis(leftTicks, axis: .left, mapping: mapping, into: &grid)
        if hasRightAxis {
            renderYAxis(rightTicks, axis: .right, mapping: mapping, into: &grid)
        }
        renderXAxis(mapping: mapping, cursorX: cursorX, into: &grid)
    }

    private func renderYAxis(_ ticks: [(value: Double, label: String)],
                             axis: CurveSeries.Axis, mapping: CurveMapping,
                             into grid: inout CellGrid) {
        let lineX = axis == .left ? plotX - 1 : plotX + columns
        for row in 0..<rows {
            grid[lineX, plotY + row] = Cell("|", foreground: axisColor)
        }
        for (row, tick) in ticksByRow(ticks, axis: axis, mapping: mapping) {
            grid[lineX, plotY + row] = Cell("+", foreground: axisColor)
            let label = String(tick.label.prefix(CurveLayout.maxLabelWidth))
            let labelX = axis == .left ? lineX - label.count : lineX + 1
            grid.write(label, x: labelX, y: plotY + row, foreground: axisColor)
        }
    }

    /// Returns the tick to show on each plot row that has one: of several ticks in one row,
    /// the one nearest the row's middle.
    private func ticksByRow(_ ticks: [(value: Double, label: String)], axis: CurveSeries.Axis,
                            mapping: CurveMapping) -> [Int: (value: Double, label: String)] {
        var chosen: [Int: (tick: (value: Double, label: String), distance: Double)] = [:]
        for tick in ticks {
            guard let dotY = mapping.dotY(tick.value, axis: axis), dotY >= 0,
                  dotY < Double(rows * 4) else { continue }
            let row = Int(dotY) / 4
            let distance = abs(dotY - Double(row * 4 + 2))
            if let current = chosen[row], current.distance <= distance { continue }
            chosen[row] = (tick, distance)
        }
        return chosen.mapValues(\.tick)
    }

    private func renderXAxis(mapping: CurveMapping, cursorX: Double?,
                             into grid: inout CellGrid) {
        let lineY = plotY + rows
        for column in (plotX - 1)...(plotX + columns) where column < limit {
            let isCorner = column == plotX - 1 || column == plotX + columns
            grid[column, lineY] = Cell(isCorner ? "+" : "-", foreground: axisColor)
        }
        let ticks = scales.x?.ticks(count: max(columns / 8, 2)) ?? []
        var labelEnd = Int.min
        for tick in ticks {
            guard let column = cellColumn(of: tick, mapping: mapping) else { continue }
            grid[plotX + column, lineY] = Cell("+", foreground: axisColor)
            let label = NumberText.significant(tick, digits: 4)
            let start = max(plotX + column - label.count / 2, plotX - 1)
            guard start > labelEnd, start + label.count <= limit else { continue }
            grid.write(label, x: start, y: lineY + 1, foreground: axisColor)
            labelEnd = start + label.count
        }
        if let cursorX, let column = cellColumn(of: cursorX, mapping: mapping) {
            grid[plotX + column, lineY] = Cell("^", foreground: cursorColor)
        }
    }

    /// Returns the plot column of `x`, or nil when it falls outside the plot.
    private func cellColumn(of x: Double, mapping: CurveMapping) -> Int? {
        guard let dotX = mapping.dotX(x), dotX >= 0, dotX < Double(columns * 2) else {
            return nil
        }
        return Int(dotX) / 2
    }
}
