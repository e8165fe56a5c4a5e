/// Tick labels for the two plot axes, spelled in ASCII: `a` for α and `b` for β.
///
/// The names are ASCII because α and β are ambiguous-width characters that some terminals
/// draw two cells wide, which would shift everything right of them.
public enum AxisLabels {
    /// Writes the horizontal axis under a plot: the lowest value at the left end, `a` and the
    /// middle value at the centre, and the highest value at the right end.
    ///
    /// A label that would overlap its left neighbour is left out; the ends come first.
    /// - Parameters:
    ///   - lower: the value at the left edge of the first column.
    ///   - upper: the value at the right edge of the last column.
    public static func renderHorizontal(lower: Double, upper: Double,
                                        into grid: inout CellGrid,
                                        x: Int, y: Int, width: Int) {
        guard width > 0 else { return }
        let decimals = decimals(forSpan: upper - lower)
        let left = NumberText.fixed(lower, decimals: decimals)
        let right = NumberText.fixed(upper, decimals: decimals)
        let middle = "a " + NumberText.fixed((lower + upper) / 2, decimals: decimals)
        let rightStart = x + width - right.count
        let middleStart = x + (width - middle.count) / 2
        grid.write(left, x: x, y: y)
        if rightStart > x + left.count {
            grid.write(right, x: rightStart, y: y)
        }
        if middleStart > x + left.count, middleStart + middle.count < rightStart {
            grid.write(middle, x: middleStart, y: y)
        }
    }

    /// Writes the vertical axis left of a plot, right-aligned in `width` columns: the highest
    /// value on the top row, `b` and the middle value on the centre row, and the lowest value
    /// on the bottom row.
    ///
    /// Labels wider than the column lose their leftmost characters, never their digits next
    /// to the plot. Rows that would collide (fewer than three) keep only the ends.
    public static func renderVertical(lower: Double, upper: Double,
                                      into grid: inout CellGrid,
                                      x: Int, y: Int, width: Int, height: Int) {
        guard width > 0, height > 0 else { return }
        let decimals = decimals(forSpan: upper - lower)
        writeRightAligned(NumberText.fixed(upper, decimals: decimals),
                          into: &grid, x: x, y: y, width: width)
        if height > 1 {
            writeRightAligned(NumberText.fixed(lower, decimals: decimals),
                              into: &grid, x: x, y: y + height - 1, width: width)
        }
        if height > 2 {
            let middle = "b " + NumberText.fixed((lower + upper) / 2, decimals: decimals)
            writeRightAligned(middle, into: &grid, x: x, y: y + height / 2, width: width)
        }
    }

    /// Returns the number of decimals that tells apart labels half of `span` apart: one
    /// significant digit of the half span, plus one.
    public static func decimals(forSpan span: Double) -> Int {
        let half = abs(span) / 2
        guard half.isFinite, half > 0 else { return 2 }
        return min(max(1 - NumberText.decimalExponent(of: half), 0), 12)
    }

    private static func writeRightAligned(_ text: String, into grid: inout CellGrid,
                                          x: Int, y: Int, width: Int) {
        let visible = String(text.suffix(width))
        grid.write(visible, x: x + width - visible.count, y: y)
    }
}
