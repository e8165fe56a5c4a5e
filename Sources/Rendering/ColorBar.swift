/// A vertical colour bar with the top value labelled at its top row and the bottom value at
/// its bottom row.
public struct ColorBar: Sendable {
    public var heatmap: Heatmap
    /// The number of columns the bar itself takes.
    public var barWidth: Int
    /// The number of columns the labels take right of the bar, after one blank column.
    public var labelWidth: Int

    public init(heatmap: Heatmap, barWidth: Int = 2, labelWidth: Int = 8) {
        self.heatmap = heatmap
        self.barWidth = barWidth
        self.labelWidth = labelWidth
    }

    /// The columns the bar and its labels take together.
    public var width: Int {
        barWidth + 1 + labelWidth
    }

    /// Draws the bar for `range` with its top-left cell at (`x`, `y`), `height` rows tall.
    ///
    /// The highest value is at the top. Without a range (no finite value yet) the bar stays
    /// blank and unlabelled. Labels longer than `labelWidth` are cut on the right.
    public func render(range: ValueRange?, into grid: inout CellGrid,
                       x: Int, y: Int, height: Int) {
        guard let range, height > 0 else { return }
        heatmap.render(gradient(range: range, height: height), range: range,
                       into: &grid, x: x, y: y)
        writeLabel(Double(range.upper), into: &grid, x: x + barWidth + 1, y: y)
        if height > 1 {
            writeLabel(Double(range.lower), into: &grid, x: x + barWidth + 1, y: y + height - 1)
        }
    }

    /// Returns the pixels of the bar: `upper` in the top pixel row, `lower` in the bottom one.
    private func gradient(range: ValueRange, height: Int) -> ValueGrid {
        let pixelRows = height * heatmap.style.pixelRowsPerCell
        var pixels = ValueGrid(width: barWidth, height: pixelRows)
        for row in 0..<pixelRows {
            let t = pixelRows > 1 ? Double(row) / Double(pixelRows - 1) : 0
            let value = range.value(atFraction: 1 - t)
            for column in 0..<barWidth {
                pixels[column, row] = value
            }
        }
        return pixels
    }

    /// Returns `value` with as many significant digits, up to 4, as fit in `labelWidth`, so
    /// that a long number loses digits rather than its exponent.
    public func label(_ value: Double) -> String {
        for digits in stride(from: 4, through: 1, by: -1) {
            let text = NumberText.significant(value, digits: digits)
            if text.count <= labelWidth { return text }
        }
        return String(NumberText.significant(value, digits: 1).prefix(labelWidth))
    }

    private func writeLabel(_ value: Double, into grid: inout CellGrid, x: Int, y: Int) {
        grid.write(label(value), x: x, y: y)
    }
}
