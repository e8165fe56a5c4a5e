/// A rectangle of surface values, one per pixel, stored row by row from the top.
///
/// A nil value is pending (not computed yet). NaN or an infinity marks a diverged point.
public struct ValueGrid: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var values: [Float?]

    /// Creates a grid of pending pixels; negative sizes count as zero.
    public init(width: Int, height: Int) {
        self.width = max(width, 0)
        self.height = max(height, 0)
        values = Array(repeating: nil, count: self.width * self.height)
    }

    /// Creates a grid from rows of equal length, top row first.
    public init(rows: [[Float?]]) {
        self.init(width: rows.first?.count ?? 0, height: rows.count)
        for (y, row) in rows.enumerated() {
            precondition(row.count == width, "row \(y) has \(row.count) values, not \(width)")
            for (x, value) in row.enumerated() {
                self[x, y] = value
            }
        }
    }

    /// The value at column `x`, row `y`; nil outside the grid, where writes are dropped.
    public subscript(x: Int, y: Int) -> Float? {
        get {
            guard x >= 0, x < width, y >= 0, y < height else { return nil }
            return values[y * width + x]
        }
        set {
            guard x >= 0, x < width, y >= 0, y < height else { return }
            values[y * width + x] = newValue
        }
    }

    /// The range of the finite values, or nil when no value is finite.
    public var finiteRange: ValueRange? {
        ValueRange(covering: values)
    }
}
