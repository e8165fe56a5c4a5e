/// Plain and coloured text renderings of a cell grid, for files and pipes.
public enum TextExport {
    /// Returns the grid's characters, one line per row, trailing spaces removed, no escape
    /// codes.
    public static func plain(_ grid: CellGrid) -> String {
        (0..<grid.height).map { row in
            var line = grid.text(ofRow: row)
            while line.last == " " { line.removeLast() }
            return line + "\n"
        }.joined()
    }

    /// Returns the grid with 24-bit SGR colour sequences, each row ending in a reset.
    ///
    /// Nil colours keep the terminal's own (SGR 39 and 49), as on screen.
    public static func ansi(_ grid: CellGrid) -> String {
        var output = ""
        for row in 0..<grid.height {
            var current: (RGB?, RGB?)? = nil
            for column in 0..<grid.width {
                let cell = grid[column, row]
                if current == nil || current! != (cell.foreground, cell.background) {
                    output += sgr(foreground: cell.foreground, background: cell.background)
                    current = (cell.foreground, cell.background)
                }
                output.append(cell.character)
            }
            output += "\u{1B}[0m\n"
        }
        return output
    }

    private static func sgr(foreground: RGB?, background: RGB?) -> String {
        let fg = foreground.map { "38;2;\($0.red);\($0.green);\($0.blue)" } ?? "39"
        let bg = background.map { "48;2;\($0.red);\($0.green);\($0.blue)" } ?? "49"
        return "\u{1B}[\(fg);\(bg)m"
    }
}
