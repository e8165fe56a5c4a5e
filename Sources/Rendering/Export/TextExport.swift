/// Plain and coloured text renderings of a cell grid, for files and pipes.
public enum TextExport {
    /// Returns the grid's characters, one line per row, trailing spaces removed, no escape
    /// codes.
    ///
    /// Colour pixels (a block or a space on a background colour) become characters of
    /// `Heatmap.shadeRamp` by their luminance, which rises with the value in the perceptually
    /// uniform colour maps, so that a heatmap still reads without colour.
    public static func plain(_ grid: CellGrid) -> String {
        (0..<grid.height).map { row in
            var line = String((0..<grid.width).map { shade(of: grid[$0, row]) })
            while line.last == " " { line.removeLast() }
            return line + "\n"
        }.joined()
    }

    /// Returns the cell's character, or a shade for a cell that shows only colours.
    private static func shade(of cell: Cell) -> Character {
        let colours: [RGB]
        switch cell.character {
        case "▀", "▄":
            colours = [cell.foreground, cell.background].compactMap { $0 }
        case "█":
            colours = [cell.foreground].compactMap { $0 }
        case " ":
            colours = [cell.background].compactMap { $0 }
        default:
            return cell.character
        }
        guard !colours.isEmpty else { return cell.character == " " ? " " : cell.character }
        let luminance = colours.map(\.luminance).reduce(0, +) / Double(colours.count)
        let ramp = Heatmap.shadeRamp
        let index = min(max(Int(luminance * Double(ramp.count)), 0), ramp.count - 1)
        return ramp[index]
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
