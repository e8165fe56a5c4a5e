/// A plot of 1D curves in braille with axes: x ticks along the bottom, the loss axis on the
/// left and, when a series uses it, the accuracy axis on the right.
///
/// Layout inside the rectangle, top to bottom: a legend row (when `showsLegend` and there
/// is a series), a row of mark labels (when there are marks), the plot rows, the x axis
/// line and the x tick labels. The left tick labels and the axis line take the left edge,
/// and the right axis the right edge. A rectangle too small for one plot cell draws
/// nothing.
///
/// A braille cell has one colour, so where curves share a cell the series drawn last (the
/// later one in `series`) gives it its colour. The legend's markers tell the series apart
/// without colour.
public struct CurvePlot: Sendable {
    public var series: [CurveSeries]
    /// The x values at the left and right ends; nil spans the finite x of every series.
    public var xRange: ClosedRange<Double>?
    /// The left axis range; nil spans the left series' values. On a logarithmic axis a
    /// range reaching zero or below is ignored in favour of the values.
    public var leftRange: ClosedRange<Double>?
    /// The right axis range; nil spans the right series' values.
    public var rightRange: ClosedRange<Double>?
    /// Whether the left axis is logarithmic; values at or below zero then break the line.
    public var isLeftLogarithmic = false
    /// The x of the vertical cursor line, or nil for none.
    public var cursorX: Double?
    /// Labelled vertical lines, drawn in `axisColor` under the curves.
    public var marks: [CurveMark] = []
    public var showsLegend = true
    /// Whether each point's cell shows its series' marker instead of braille dots, for
    /// series with few points or terminals without colour.
    public var showsMarkers = false
    /// The colour of the axis lines and tick labels; nil is the terminal's own.
    public var axisColor: RGB?
    public var cursorColor: RGB?
    public var glyphs: BrailleGlyphs = .braille

    public init(series: [CurveSeries]) {
        self.series = series
    }

    /// Draws the plot into the rectangle of `width` x `height` cells at (`x`, `y`).
    public func render(into grid: inout CellGrid, x: Int, y: Int, width: Int, height: Int) {
        let scales = self.scales()
        let layout = CurveLayout(plot: self, scales: scales, x: x, y: y,
                                 width: width, height: height)
        guard layout.columns > 0, layout.rows > 0 else { return }

        var canvas = BrailleCanvas(columns: layout.columns, rows: layout.rows)
        let mapping = CurveMapping(canvas: canvas, scales: scales)
        if let cursorX, let dotX = mapping.dotX(cursorX), dotX >= 0,
           dotX < Double(canvas.dotWidth) {
            for dotY in stride(from: 0, to: canvas.dotHeight, by: 2) {
                canvas.set(x: Int(dotX), y: dotY, color: cursorColor)
            }
        }
        mapping.draw(marks, color: axisColor, on: &canvas)
        for curve in series {
            mapping.draw(curve, on: &canvas)
        }
        canvas.render(into: &grid, x: layout.plotX, y: layout.plotY, glyphs: glyphs)
        if showsMarkers {
            for curve in series {
                mapping.writeMarkers(curve, into: &grid, x: layout.plotX, y: layout.plotY)
            }
        }
        layout.renderAxes(mapping: mapping, cursorX: cursorX, into: &grid)
        if !marks.isEmpty {
            layout.renderMarkLabels(marks, mapping: mapping, color: axisColor, into: &grid)
        }
        if showsLegend {
            renderLegend(into: &grid, x: layout.plotX, y: y, width: x + width - layout.plotX)
        }
    }

    /// Returns the x, left and right scales from the chosen ranges or the data.
    func scales() -> CurveScales {
        let xs = series.flatMap(\.x)
        let left = series.filter { $0.axis == .left }.flatMap { $0.y.compactMap { $0 } }
        let right = series.filter { $0.axis == .right }.flatMap { $0.y.compactMap { $0 } }
        return CurveScales(
            x: xRange.map { PlotScale(lower: $0.lowerBound, upper: $0.upperBound) }
                ?? PlotScale(covering: xs),
            left: leftRange.flatMap { range -> PlotScale? in
                guard !isLeftLogarithmic || range.lowerBound > 0 else { return nil }
                return PlotScale(lower: range.lowerBound, upper: range.upperBound,
                                 isLogarithmic: isLeftLogarithmic)
            } ?? PlotScale(covering: left, isLogarithmic: isLeftLogarithmic),
            right: rightRange.map { PlotScale(lower: $0.lowerBound, upper: $0.upperBound) }
                ?? PlotScale(covering: right))
    }

    /// Writes "marker name" for each series in its colour, two spaces apart, clipped to
    /// `width` columns.
    private func renderLegend(into grid: inout CellGrid, x: Int, y: Int, width: Int) {
        var column = x
        for curve in series {
            let entry = "\(curve.marker) \(curve.name)"
            let room = x + width - column
            guard room > 0 else { return }
            grid.write(String(entry.prefix(room)), x: column, y: y, foreground: curve.color)
            column += entry.count + 2
        }
    }
}

/// The scales of a curve plot; nil where no value (or no chosen range) places the axis.
struct CurveScales {
    var x: PlotScale?
    var left: PlotScale?
    var right: PlotScale?
}
