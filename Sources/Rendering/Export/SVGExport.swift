/// An SVG rendering of a cell grid: rectangles for colours and blocks, text for characters.
public struct SVGExport: Sendable {
    public var raster = CellRaster()
    public var fontSize = 13

    public init() {}

    public func document(_ grid: CellGrid) -> String {
        let width = grid.width * raster.cellWidth, height = grid.height * raster.cellHeight
        var body = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\""
                + " viewBox=\"0 0 \(width) \(height)\">",
            "<rect width=\"\(width)\" height=\"\(height)\" fill=\"\(hex(raster.defaultBackground))\"/>",
        ]
        for row in 0..<grid.height {
            body += rects(row: row, grid: grid) + texts(row: row, grid: grid)
        }
        body.append("</svg>")
        return body.joined(separator: "\n") + "\n"
    }

    /// Rectangles of one row: each cell's background, then the part a block glyph covers.
    private func rects(row: Int, grid: CellGrid) -> [String] {
        var shapes: [String] = []
        let top = row * raster.cellHeight, half = raster.cellHeight / 2
        for column in 0..<grid.width {
            let cell = grid[column, row]
            let left = column * raster.cellWidth
            if let background = cell.background {
                shapes.append(rect(left, top, raster.cellHeight, background))
            }
            let foreground = cell.foreground ?? raster.defaultForeground
            switch cell.character {
            case "▀": shapes.append(rect(left, top, half, foreground))
            case "▄": shapes.append(rect(left, top + half, raster.cellHeight - half, foreground))
            case "█": shapes.append(rect(left, top, raster.cellHeight, foreground))
            default: break
            }
        }
        return shapes
    }

    /// Text runs of one row: neighbouring characters of one colour in a single element.
    private func texts(row: Int, grid: CellGrid) -> [String] {
        var elements: [String] = []
        var run = "", runStart = 0, runColor: RGB? = nil
        func flush() {
            let trimmed = run.trimmingTrailingSpaces
            if !trimmed.isEmpty {
                elements.append(text(trimmed, column: runStart, row: row, color: runColor))
            }
            run = ""
        }
        for column in 0..<grid.width {
            let cell = grid[column, row]
            let isText = !"▀▄█".contains(cell.character)
            if !isText || (run.isEmpty == false && cell.foreground != runColor) { flush() }
            guard isText else { continue }
            if run.isEmpty {
                if cell.character == " " { continue }
                runStart = column
                runColor = cell.foreground
            }
            run.append(cell.character)
        }
        flush()
        return elements
    }

    private func rect(_ x: Int, _ y: Int, _ height: Int, _ color: RGB) -> String {
        "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(raster.cellWidth)\" height=\"\(height)\""
            + " fill=\"\(hex(color))\"/>"
    }

    private func text(_ content: String, column: Int, row: Int, color: RGB?) -> String {
        let x = column * raster.cellWidth
        let y = row * raster.cellHeight + raster.cellHeight * 3 / 4
        let length = content.count * raster.cellWidth
        return "<text x=\"\(x)\" y=\"\(y)\" font-family=\"monospace\" font-size=\"\(fontSize)\""
            + " textLength=\"\(length)\" lengthAdjust=\"spacingAndGlyphs\""
            + " xml:space=\"preserve\" fill=\"\(hex(color ?? raster.defaultForeground))\">"
            + escaped(content) + "</text>"
    }

    private func hex(_ color: RGB) -> String {
        let digits = Array("0123456789abcdef")
        var text = "#"
        for channel in [color.red, color.green, color.blue] {
            text.append(digits[Int(channel >> 4)])
            text.append(digits[Int(channel & 15)])
        }
        return text
    }

    private func escaped(_ text: String) -> String {
        var output = ""
        for character in text {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            default: output.append(character)
            }
        }
        return output
    }
}

private extension String {
    var trimmingTrailingSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
