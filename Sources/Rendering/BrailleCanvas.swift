/// A drawing surface of braille dots, 2 dots wide and 4 tall per terminal cell.
///
/// Dot (x, y) counts from the top-left dot, x to the right and y down. Dot k of a row
/// covers the continuous interval [k, k + 1), so a point at (x, y) lights dot (⌊x⌋, ⌊y⌋).
/// A cell has one foreground colour, which the last dot set in it decides. Drawing outside
/// the canvas is dropped.
public struct BrailleCanvas: Equatable, Sendable {
    /// The width in cells.
    public let columns: Int
    /// The height in cells.
    public let rows: Int
    /// The dot bits of each cell, row after row, in the bit order of Unicode braille.
    public private(set) var patterns: [UInt8]
    /// The foreground colour of each cell, row after row; nil is the terminal's own.
    public private(set) var colors: [RGB?]

    /// The first braille pattern, U+2800, with no dots raised.
    static let patternBase: UInt32 = 0x2800

    /// Creates an empty canvas of `columns` x `rows` cells; negative sizes count as zero.
    public init(columns: Int, rows: Int) {
        self.columns = max(columns, 0)
        self.rows = max(rows, 0)
        patterns = Array(repeating: 0, count: self.columns * self.rows)
        colors = Array(repeating: nil, count: self.columns * self.rows)
    }

    /// The width in dots.
    public var dotWidth: Int { columns * 2 }
    /// The height in dots.
    public var dotHeight: Int { rows * 4 }

    /// Returns the bit of dot (`dx`, `dy`) inside a cell, `dx` in 0...1 and `dy` in 0...3.
    ///
    /// Unicode numbers the dots 1, 2, 3 down the left column and 4, 5, 6 down the right
    /// one, then 7 and 8 on the bottom row. Dot n is bit n − 1 of the offset from U+2800.
    public static func bit(dx: Int, dy: Int) -> UInt8 {
        let left: [UInt8] = [0x01, 0x02, 0x04, 0x40]
        let right: [UInt8] = [0x08, 0x10, 0x20, 0x80]
        return dx == 0 ? left[dy] : right[dy]
    }

    /// Returns the braille character with the dots of `pattern` raised.
    public static func character(pattern: UInt8) -> Character {
        Character(Unicode.Scalar(patternBase + UInt32(pattern))!)
    }

    /// Raises dot (`x`, `y`) and makes `color` its cell's colour.
    public mutating func set(x: Int, y: Int, color: RGB? = nil) {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
        let index = (y / 4) * columns + x / 2
        patterns[index] |= BrailleCanvas.bit(dx: x % 2, dy: y % 4)
        colors[index] = color
    }

    /// Returns whether dot (`x`, `y`) is raised, and false outside the canvas.
    public func isSet(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return false }
        return pattern(column: x / 2, row: y / 4) & BrailleCanvas.bit(dx: x % 2, dy: y % 4) != 0
    }

    /// Returns the dot bits of cell (`column`, `row`), and zero outside the canvas.
    public func pattern(column: Int, row: Int) -> UInt8 {
        guard column >= 0, row >= 0, column < columns, row < rows else { return 0 }
        return patterns[row * columns + column]
    }

    /// Returns the foreground colour of cell (`column`, `row`), and nil outside the canvas.
    public func color(column: Int, row: Int) -> RGB? {
        guard column >= 0, row >= 0, column < columns, row < rows else { return nil }
        return colors[row * columns + column]
    }

    /// Draws a straight line between two points in dot coordinates, both ends included.
    ///
    /// The line is clipped to the canvas first, so a far-off end costs nothing. A line with
    /// a NaN or infinite coordinate draws nothing.
    public mutating func drawLine(from start: (x: Double, y: Double),
                                  to end: (x: Double, y: Double), color: RGB? = nil) {
        guard let (a, b) = clipped(start, end) else { return }
        // One step per dot along the longer axis. The tolerance keeps rounding noise
        // (a length of 5.000000000000001) from adding a step that bends the line.
        let steps = Int((max(abs(b.x - a.x), abs(b.y - a.y)) - 1e-9).rounded(.up))
        guard steps > 0 else {
            set(x: Int(a.x.rounded(.down)), y: Int(a.y.rounded(.down)), color: color)
            return
        }
        for step in 0...steps {
            let t = Double(step) / Double(steps)
            let x = a.x + (b.x - a.x) * t
            let y = a.y + (b.y - a.y) * t
            set(x: Int(x.rounded(.down)), y: Int(y.rounded(.down)), color: color)
        }
    }

    /// Draws a line between the centres of dots (`x0`, `y0`) and (`x1`, `y1`).
    public mutating func drawLine(fromDot x0: Int, _ y0: Int, toDot x1: Int, _ y1: Int,
                                  color: RGB? = nil) {
        drawLine(from: (Double(x0) + 0.5, Double(y0) + 0.5),
                 to: (Double(x1) + 0.5, Double(y1) + 0.5), color: color)
    }

    /// Returns the part of the segment inside the canvas, widened by one dot on every side
    /// so that ends on the edge survive rounding, by Liang–Barsky clipping.
    private func clipped(_ start: (x: Double, y: Double), _ end: (x: Double, y: Double))
        -> ((x: Double, y: Double), (x: Double, y: Double))? {
        guard start.x.isFinite, start.y.isFinite, end.x.isFinite, end.y.isFinite,
              dotWidth > 0, dotHeight > 0 else { return nil }
        let dx = end.x - start.x, dy = end.y - start.y
        guard dx.isFinite, dy.isFinite else { return nil }
        let bounds: [(p: Double, q: Double)] = [
            (-dx, start.x + 1), (dx, Double(dotWidth) + 1 - start.x),
            (-dy, start.y + 1), (dy, Double(dotHeight) + 1 - start.y),
        ]
        var enter = 0.0, leave = 1.0
        for (p, q) in bounds {
            if p == 0 {
                if q < 0 { return nil }
            } else if p < 0 {
                enter = max(enter, q / p)
            } else {
                leave = min(leave, q / p)
            }
        }
        guard enter <= leave else { return nil }
        return ((start.x + dx * enter, start.y + dy * enter),
                (start.x + dx * leave, start.y + dy * leave))
    }
}
