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
    ///   - name: the axis name before the middle value.
    public static func renderHorizontal(lower: Double, upper: Double, name: String = "a",
                                        into grid: inout CellGrid,
                                        x: Int, y: Int, width: Int) {
        guard width > 0 else { return }
        let decimals = decimals(for: [lower, upper, (lower + upper) / 2], span: upper - lower)
        let left = NumberText.fixed(lower, decimals: decimals)
        let right = NumberText.fixed(upper, decimals: decimals)
        let middle = name + " " + NumberText.fixed((lower + upper) / 2, decimals: decimals)
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
    /// A label wider than the column drops the `b`, then falls back to three significant
    /// digits, and is left out if even that is too wide. With fewer than three rows only the
    /// ends are labelled.
    public static func renderVertical(lower: Double, upper: Double, name: String = "b",
                                      into grid: inout CellGrid,
                                      x: Int, y: Int, width: Int, height: Int) {
        guard width > 0, height > 0 else { return }
        let decimals = decimals(for: [lower, upper, (lower + upper) / 2], span: upper - lower)
        let label = { (value: Double, prefix: String) in
            fitted(value, decimals: decimals, prefix: prefix, width: width)
        }
        writeRightAligned(label(upper, ""), into: &grid, x: x, y: y, width: width)
        if height > 1 {
            writeRightAligned(label(lower, ""), into: &grid, x: x, y: y + height - 1,
                              width: width)
        }
        if height > 2 {
            writeRightAligned(label((lower + upper) / 2, name + " "), into: &grid, x: x,
                              y: y + height / 2, width: width)
        }
    }

    /// Returns the number of decimals that distinguishes labels half of `span` apart: one
    /// significant digit of the half span, plus one.
    public static func decimals(forSpan span: Double) -> Int {
        let half = abs(span) / 2
        guard half.isFinite, half > 0 else { return 2 }
        return min(max(1 - NumberText.decimalExponent(of: half), 0), 12)
    }

    /// Returns the fewest decimals, from `decimals(forSpan:)` up to two more, that print
    /// every value of `values` exactly, or the most of that range when none does.
    ///
    /// The view pans by eighths of its span, so its edges often need one or two digits more
    /// than the span alone suggests: -0.75 would otherwise print as -0.8.
    static func decimals(for values: [Double], span: Double) -> Int {
        let minimum = decimals(forSpan: span)
        for decimals in minimum..<(minimum + 2) where values.allSatisfy({
            isExact($0, decimals: decimals)
        }) {
            return decimals
        }
        return minimum + 2
    }

    /// Returns whether `value` has at most `decimals` decimal digits, to a relative 1e-9.
    private static func isExact(_ value: Double, decimals: Int) -> Bool {
        var scaled = value
        for _ in 0..<decimals {
            scaled *= 10
        }
        return abs(scaled - scaled.rounded()) <= 1e-9 * max(abs(scaled), 1)
    }

    /// Returns the longest of `prefix` + fixed, fixed, and three significant digits that
    /// fits in `width`, or an empty string, because a cut number would show a wrong value.
    private static func fitted(_ value: Double, decimals: Int, prefix: String,
                               width: Int) -> String {
        let fixed = NumberText.fixed(value, decimals: decimals)
        let candidates = [prefix + fixed, fixed, NumberText.significant(value, digits: 3)]
        return candidates.first { $0.count <= width } ?? ""
    }

    private static func writeRightAligned(_ text: String, into grid: inout CellGrid,
                                          x: Int, y: Int, width: Int) {
        grid.write(text, x: x + width - text.count, y: y)
    }
}
