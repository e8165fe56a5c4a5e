/// A rectangle of terminal cells, stored row by row; every write outside it is dropped.
public struct CellGrid: Equatable, Sendable {
    public let width: Int
    public let height: Int
    /// The cells, row after row from the top.
    public private(set) var cells: [Cell]

    /// Creates a grid filled with `fill`; negative sizes count as zero.
    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(width, 0)
        self.height = max(height, 0)
        cells = Array(repeating: fill, count: self.width * self.height)
    }

    /// Whether (`x`, `y`) lies inside the grid.
    public func contains(x: Int, y: Int) -> Bool {
        x >= 0 && x < width && y >= 0 && y < height
    }

    /// The cell at column `x`, row `y`; reads outside return a blank cell, writes are dropped.
    public subscript(x: Int, y: Int) -> Cell {
        get { contains(x: x, y: y) ? cells[y * width + x] : .blank }
        set {
            guard contains(x: x, y: y) else { return }
            cells[y * width + x] = newValue
        }
    }

    /// Writes `text` from (`x`, `y`) rightwards, one character per cell, clipped to the grid.
    public mutating func write(
        _ text: String, x: Int, y: Int, foreground: RGB? = nil, background: RGB? = nil
    ) {
        var column = x
        for character in text {
            self[column, y] = Cell(character, foreground: foreground, background: background)
            column += 1
        }
    }

    /// The characters of row `y` as a string; an empty string for rows outside the grid.
    public func text(ofRow y: Int) -> String {
        guard y >= 0, y < height else { return "" }
        return String(cells[(y * width)..<((y + 1) * width)].map(\.character))
    }

    /// The characters of every row, top to bottom.
    public var rows: [String] {
        (0..<height).map { text(ofRow: $0) }
    }
}
