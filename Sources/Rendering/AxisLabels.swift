/// Tick labels for the two plot axes, spelled in ASCII: `a` for α and `b` for β.
///
/// The names are ASCII because α and β are ambiguous-width characters that some terminals
/// draw two cells wide, which would shift everything right of them.
public enum AxisLabels {
    /// Writes the horizontal axis under a plot: the lowest value at the left end, `a` and the
    /// middle value at the centre, and the highest value at the right end.
    ///
    /// The labels are the texts of `labelTexts(lower:upper:)`. A label that would overlap
    /// its left neighbour is left out; the ends come first.
    /// - Parameters:
    ///   - lower: the value at the left edge of the first column.
    ///   - upper: the value at the right edge of the last column.
    ///   - name: the axis name before the middle value.
    public static func renderHorizontal(lower: Double, upper: Double, name: String = "a",
                                        into grid: inout CellGrid,
                                        x: Int, y: Int, width: Int) {
        guard width > 0 else { return }
        let texts = labelTexts(lower: lower, upper: upper)
        let left = texts.lower
        let right = texts.upper
        let middle = name + " " + texts.middle
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
    /// The labels are the texts of `labelTexts(lower:upper:)`, as on the horizontal axis. A
    /// label wider than the column drops the `b`, and is left out if even that is too wide,
    /// because a cut or shortened number would show a wrong value. With fewer than three
    /// rows only the ends are labelled.
    public static func renderVertical(lower: Double, upper: Double, name: String = "b",
                                      into grid: inout CellGrid,
                                      x: Int, y: Int, width: Int, height: Int) {
        guard width > 0, height > 0 else { return }
        let texts = labelTexts(lower: lower, upper: upper)
        let label = { (text: String, prefix: String) in
            [prefix + text, text].first { $0.count <= width } ?? ""
        }
        writeRightAligned(label(texts.upper, ""), into: &grid, x: x, y: y, width: width)
        if height > 1 {
            writeRightAligned(label(texts.lower, ""), into: &grid, x: x, y: y + height - 1,
                              width: width)
        }
        if height > 2 {
            writeRightAligned(label(texts.middle, name + " "), into: &grid, x: x,
                              y: y + height / 2, width: width)
        }
    }

    /// The widest label that the fixed and exponent forms may take: the β column of a
    /// heatmap pane, `HeatmapPane.gutterWidth` less its blank column.
    public static let maxLabelWidth = 8

    /// Returns the labels of an axis from `lower` to `upper`, in one form for both axes.
    ///
    /// The first form whose every label fits in `maxLabelWidth` characters, of: fixed
    /// decimals as `decimals(for:span:)` chooses, exponent form with enough significant
    /// digits to tell labels half the span apart (at least three), and fixed decimals as
    /// `decimals(forSpan:)` chooses. When none fits it is the first, which the vertical axis
    /// then leaves out.
    public static func labelTexts(lower: Double, upper: Double)
        -> (lower: String, middle: String, upper: String)
    {
        let values = [lower, (lower + upper) / 2, upper]
        let span = upper - lower
        let exact = decimals(for: values, span: span)
        let digits = significantDigits(for: values, span: span)
        let forms = [
            values.map { NumberText.fixed($0, decimals: exact) },
            values.map { NumberText.scientific($0, digits: digits) },
            values.map { NumberText.fixed($0, decimals: decimals(forSpan: span)) },
        ]
        let texts = forms.first { $0.allSatisfy { $0.count <= maxLabelWidth } } ?? forms[0]
        return (texts[0], texts[1], texts[2])
    }

    /// Returns the significant digits that separate labels half of `span` apart: those of
    /// the largest magnitude down to one digit of the half span, plus one, and at least 3.
    private static func significantDigits(for values: [Double], span: Double) -> Int {
        let half = abs(span) / 2
        let largest = values.map(abs).filter(\.isFinite).max() ?? 0
        guard half.isFinite, half > 0, largest > 0 else { return 3 }
        let digits = NumberText.decimalExponent(of: largest)
            - NumberText.decimalExponent(of: half) + 2
        return min(max(digits, 3), 15)
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

    private static func writeRightAligned(_ text: String, into grid: inout CellGrid,
                                          x: Int, y: Int, width: Int) {
        grid.write(text, x: x + width - text.count, y: y)
    }
}
