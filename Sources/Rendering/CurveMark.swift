/// A labelled vertical line across a curve plot at one x, such as the position of a model
/// on the line between two models.
public struct CurveMark: Equatable, Sendable {
    public var x: Double
    /// The text above the plot at the line, such as the model's name.
    public var label: String

    public init(x: Double, label: String) {
        self.x = x
        self.label = label
    }
}

extension CurveMapping {
    /// Raises every fourth dot of the dot column of each mark inside the canvas, sparser
    /// than the cursor's every second dot so that the two look different.
    func draw(_ marks: [CurveMark], color: RGB?, on canvas: inout BrailleCanvas) {
        for mark in marks {
            guard let dotX = dotX(mark.x), dotX >= 0, dotX < Double(dotWidth) else { continue }
            for dotY in stride(from: 1, to: dotHeight, by: 4) {
                canvas.set(x: Int(dotX), y: dotY, color: color)
            }
        }
    }
}

extension CurveLayout {
    /// Writes each mark's label in the row above the plot: `v label` with the `v` over the
    /// mark's column, or `label v` when that would pass the plot's right end.
    ///
    /// Marks are labelled from left to right. A label that would overlap the one before it
    /// is cut down to its `v`, and a `v` that would overlap is left out as well.
    func renderMarkLabels(_ marks: [CurveMark], mapping: CurveMapping, color: RGB?,
                          into grid: inout CellGrid) {
        let row = plotY - 1
        var labelEnd = plotX - 1
        let placed = marks.compactMap { mark -> (column: Int, label: String)? in
            guard let dotX = mapping.dotX(mark.x), dotX >= 0, dotX < Double(columns * 2)
            else { return nil }
            return (plotX + Int(dotX) / 2, mark.label)
        }.sorted { $0.column < $1.column }
        for (column, label) in placed {
            let forward = "v " + label
            let backward = label + " v"
            let end = plotX + columns
            if column > labelEnd, column + forward.count <= end {
                grid.write(forward, x: column, y: row, foreground: color)
                labelEnd = column + forward.count
            } else if column - backward.count + 1 > labelEnd {
                grid.write(backward, x: column - backward.count + 1, y: row, foreground: color)
                labelEnd = column + 1
            } else if column > labelEnd {
                grid.write("v", x: column, y: row, foreground: color)
                labelEnd = column + 1
            }
        }
    }
}
