import Glibc
import Rendering

/// The checkpoints of a training run drawn over a map whose directions are the run's first
/// two principal components: a path through their projections, with labelled marks.
public struct TrajectoryOverlay {
    /// One checkpoint: its name, its projection onto the plane, the length of the part of
    /// its offset from the final model that the plane does not show, and its own loss.
    public struct Mark {
        public var label: String
        public var x: Double
        public var y: Double
        public var residual: Double
        /// The checkpoint's own loss on the pane's samples, nil when not computed.
        public var ownLoss: Float?

        public init(label: String, x: Double, y: Double, residual: Double, ownLoss: Float?) {
            self.label = label
            self.x = x
            self.y = y
            self.residual = residual
            self.ownLoss = ownLoss
        }
    }

    public var marks: [Mark]
    /// The axis names with each component's share of the variance, such as `pc1 71.2%`.
    public var axisNames: (horizontal: String, vertical: String)

    public init(marks: [Mark], axisNames: (horizontal: String, vertical: String)) {
        self.marks = marks
        self.axisNames = axisNames
    }

    /// Draws the path and marks over a plot of `columns` x `rows` cells at (`x`, `y`) that
    /// spans `alpha` across and `beta` up, labelling every fifth mark and the last.
    func render(into grid: inout CellGrid, x: Int, y: Int, columns: Int, rows: Int,
                alpha: ClosedRange<Double>, beta: ClosedRange<Double>, color: RGB?,
                glyphs: BrailleGlyphs) {
        guard columns > 0, rows > 0, !marks.isEmpty else { return }
        var canvas = BrailleCanvas(columns: columns, rows: rows)
        let dots = marks.map { dot(of: $0, columns: columns, rows: rows, alpha: alpha,
                                   beta: beta) }
        for (start, end) in zip(dots, dots.dropFirst()) {
            canvas.drawLine(from: start, to: end, color: color)
        }
        canvas.render(into: &grid, x: x, y: y, glyphs: glyphs)
        for (index, mark) in marks.enumerated()
            where index % 5 == 0 || index == marks.count - 1 {
            let column = Int((dots[index].x / 2).rounded(.down))
            let row = Int((dots[index].y / 4).rounded(.down))
            guard column >= 0, column < columns, row >= 0, row < rows else { continue }
            let text = String(mark.label.prefix(max(columns - column, 0)))
            grid.write(text, x: x + column, y: y + row, foreground: color)
        }
    }

    /// Returns the mark nearest the point (`alpha`, `beta`) if it lies within `reach` on both
    /// axes, for the status line.
    func mark(near alpha: Double, _ beta: Double, reach: Double) -> Mark? {
        let near = marks.filter { abs($0.x - alpha) <= reach && abs($0.y - beta) <= reach }
        return near.min {
            hypot($0.x - alpha, $0.y - beta) < hypot($1.x - alpha, $1.y - beta)
        }
    }

    /// Returns the braille dot coordinates of `mark` on a canvas of `columns` x `rows` cells.
    private func dot(of mark: Mark, columns: Int, rows: Int, alpha: ClosedRange<Double>,
                     beta: ClosedRange<Double>) -> (x: Double, y: Double) {
        let across = (mark.x - alpha.lowerBound) / (alpha.upperBound - alpha.lowerBound)
        let down = (beta.upperBound - mark.y) / (beta.upperBound - beta.lowerBound)
        return (across * Double(columns * 2), down * Double(rows * 4))
    }
}
