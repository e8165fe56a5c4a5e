/// Places the points of a curve plot on its braille canvas.
///
/// The lowest x sits in the middle of the first dot column and the highest in the middle
/// of the last one; likewise the top of a y scale in the top dot row and its bottom in the
/// bottom row.
struct CurveMapping {
    let dotWidth: Int
    let dotHeight: Int
    let scales: CurveScales

    init(canvas: BrailleCanvas, scales: CurveScales) {
        dotWidth = canvas.dotWidth
        dotHeight = canvas.dotHeight
        self.scales = scales
    }

    /// Returns the dot coordinate of `x`, or nil when there is no x scale or `x` is not
    /// finite. Values outside the scale land outside the canvas.
    func dotX(_ x: Double) -> Double? {
        guard let scale = scales.x, scale.accepts(x) else { return nil }
        return scale.fraction(of: x) * Double(dotWidth - 1) + 0.5
    }

    /// Returns the dot coordinate of `y` on `axis`, or nil when that axis has no scale or
    /// cannot place `y`.
    func dotY(_ y: Double, axis: CurveSeries.Axis) -> Double? {
        guard let scale = axis == .left ? scales.left : scales.right, scale.accepts(y)
        else { return nil }
        return (1 - scale.fraction(of: y)) * Double(dotHeight - 1) + 0.5
    }

    /// Returns the dot coordinates of each point, nil where the line breaks.
    func dots(of curve: CurveSeries) -> [(x: Double, y: Double)?] {
        zip(curve.x, curve.y).map { x, y in
            guard let y, let dotX = dotX(x), let dotY = dotY(y, axis: curve.axis) else {
                return nil
            }
            return (dotX, dotY)
        }
    }

    /// Draws `curve`: a line between each two neighbouring points that can both be placed,
    /// and a single dot for a point without such a neighbour.
    func draw(_ curve: CurveSeries, on canvas: inout BrailleCanvas) {
        var previous: (x: Double, y: Double)? = nil
        for point in dots(of: curve) {
            if let point {
                canvas.drawLine(from: previous ?? point, to: point, color: curve.color)
            }
            previous = point
        }
    }

    /// Writes the curve's marker into the cell of each point inside the plot, keeping the
    /// cell's background.
    func writeMarkers(_ curve: CurveSeries, into grid: inout CellGrid, x: Int, y: Int) {
        for case let point? in dots(of: curve) {
            guard point.x >= 0, point.y >= 0, point.x < Double(dotWidth),
                  point.y < Double(dotHeight) else { continue }
            let column = x + Int(point.x) / 2, row = y + Int(point.y) / 4
            let under = grid[column, row]
            grid[column, row] = Cell(curve.marker, foreground: curve.color,
                                     background: under.background)
        }
    }
}
