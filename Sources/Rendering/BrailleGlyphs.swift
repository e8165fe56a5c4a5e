/// The glyph set that writes the dots of one braille cell to the terminal.
public enum BrailleGlyphs: Equatable, Sendable {
    /// The braille character with the same dots raised. Needs a UTF-8 terminal and a font
    /// that draws braille.
    case braille
    /// One ASCII character that follows the direction of the dots: `-`, `|`, `/` or `\`,
    /// `.` for a lone dot and `*` for a cluster without a direction.
    case asciiLines
    /// The given character in every cell with a raised dot, for ASCII terminals.
    case asciiMark(Character)

    /// Returns the character for a cell with the dots of `pattern` raised, or nil when no
    /// dot is raised.
    public func character(pattern: UInt8) -> Character? {
        guard pattern != 0 else { return nil }
        switch self {
        case .braille:
            return BrailleCanvas.character(pattern: pattern)
        case .asciiLines:
            return BrailleGlyphs.lineCharacter(pattern: pattern)
        case .asciiMark(let mark):
            return mark
        }
    }

    /// Returns the ASCII character closest to the shape of the dots in a nonempty cell.
    ///
    /// Dots in one column only read as `|` (or `.` when there is one). For dots in both
    /// columns, the mean row of the right column is compared with that of the left. A rise
    /// to the right of at least one row reads as `/` and a fall as `\`. Level dots read as
    /// `-` when they span at most two rows and as `*` otherwise.
    static func lineCharacter(pattern: UInt8) -> Character {
        var rowsByColumn: [[Int]] = [[], []]
        for dy in 0..<4 {
            for dx in 0..<2 where pattern & BrailleCanvas.bit(dx: dx, dy: dy) != 0 {
                rowsByColumn[dx].append(dy)
            }
        }
        let all = rowsByColumn[0] + rowsByColumn[1]
        guard !rowsByColumn[0].isEmpty, !rowsByColumn[1].isEmpty else {
            return all.count == 1 ? "." : "|"
        }
        let mean = { (rows: [Int]) in Double(rows.reduce(0, +)) / Double(rows.count) }
        let rise = mean(rowsByColumn[0]) - mean(rowsByColumn[1])
        if rise >= 1 { return "/" }
        if rise <= -1 { return "\\" }
        return all.max()! - all.min()! <= 1 ? "-" : "*"
    }
}

extension BrailleCanvas {
    /// Writes every cell with a raised dot into `grid`, with the canvas's top-left cell at
    /// (`x`, `y`), over what the grid shows there.
    ///
    /// The dots take the cell's canvas colour (nil: the terminal's own foreground). The grid
    /// cell's background stays, so lines can lie over a heatmap. A
    /// half-block cell (`▀` or `▄`) shows two pixel colours, so its background becomes the
    /// mean of the two. Cells without dots are left untouched.
    public func render(into grid: inout CellGrid, x: Int, y: Int,
                       glyphs: BrailleGlyphs = .braille) {
        for row in 0..<rows {
            for column in 0..<columns {
                let pattern = pattern(column: column, row: row)
                guard let character = glyphs.character(pattern: pattern) else { continue }
                let under = grid[x + column, y + row]
                grid[x + column, y + row] = Cell(
                    character, foreground: color(column: column, row: row),
                    background: BrailleCanvas.background(under: under))
            }
        }
    }

    /// Returns the background to keep when dots replace `cell`.
    static func background(under cell: Cell) -> RGB? {
        guard cell.character == "▀" || cell.character == "▄" else { return cell.background }
        guard let foreground = cell.foreground else { return cell.background }
        guard let background = cell.background else { return foreground }
        return foreground.interpolated(to: background, by: 0.5)
    }
}
