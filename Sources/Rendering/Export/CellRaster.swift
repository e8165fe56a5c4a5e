/// An RGB image, 8 bits per channel, rows from the top.
public struct RGBImage: Equatable, Sendable {
    public let width: Int
    public let height: Int
    /// `width · height · 3` bytes: red, green, blue per pixel.
    public private(set) var pixels: [UInt8]

    public init(width: Int, height: Int, fill: RGB) {
        self.width = max(width, 0)
        self.height = max(height, 0)
        pixels = [UInt8](repeating: 0, count: self.width * self.height * 3)
        fillRect(x: 0, y: 0, width: self.width, height: self.height, color: fill)
    }

    public subscript(x: Int, y: Int) -> RGB {
        let offset = (y * width + x) * 3
        return RGB(pixels[offset], pixels[offset + 1], pixels[offset + 2])
    }

    /// Paints a rectangle, clipped to the image.
    public mutating func fillRect(x: Int, y: Int, width: Int, height: Int, color: RGB) {
        let left = max(x, 0), right = min(x + width, self.width)
        let top = max(y, 0), bottom = min(y + height, self.height)
        guard left < right, top < bottom else { return }
        for row in top..<bottom {
            for column in left..<right {
                let offset = (row * self.width + column) * 3
                pixels[offset] = color.red
                pixels[offset + 1] = color.green
                pixels[offset + 2] = color.blue
            }
        }
    }
}

/// Turns a cell grid into pixels: each cell a `cellWidth` x `cellHeight` block.
///
/// Backgrounds and the block glyphs `▀`, `▄` and `█` are painted exactly, braille cells as
/// their dots, and printable ASCII in `PixelFont`, each glyph pixel one pixel wide and two
/// tall. Any other character becomes a small mark in the foreground colour in the middle of
/// its cell.
public struct CellRaster: Sendable {
    public var cellWidth = 8
    public var cellHeight = 16
    /// The colours that stand for the terminal's own (nil) foreground and background.
    public var defaultForeground = RGB(hex: 0xD0D0D0)
    public var defaultBackground = RGB(hex: 0x1E1E1E)

    public init() {}

    public func image(of grid: CellGrid) -> RGBImage {
        var image = RGBImage(width: grid.width * cellWidth, height: grid.height * cellHeight,
                             fill: defaultBackground)
        for row in 0..<grid.height {
            for column in 0..<grid.width {
                paint(grid[column, row], into: &image, x: column * cellWidth,
                      y: row * cellHeight)
            }
        }
        return image
    }

    private func paint(_ cell: Cell, into image: inout RGBImage, x: Int, y: Int) {
        let foreground = cell.foreground ?? defaultForeground
        if let background = cell.background {
            image.fillRect(x: x, y: y, width: cellWidth, height: cellHeight, color: background)
        }
        let half = cellHeight / 2
        switch cell.character {
        case " ":
            break
        case "▀":
            image.fillRect(x: x, y: y, width: cellWidth, height: half, color: foreground)
        case "▄":
            image.fillRect(x: x, y: y + half, width: cellWidth, height: cellHeight - half,
                           color: foreground)
        case "█":
            image.fillRect(x: x, y: y, width: cellWidth, height: cellHeight, color: foreground)
        default:
            if let rows = PixelFont.rows(of: cell.character) {
                paintGlyph(rows, into: &image, x: x, y: y, color: foreground)
            } else if let dots = brailleDots(cell.character) {
                paintBraille(dots, into: &image, x: x, y: y, color: foreground)
            } else {
                image.fillRect(x: x + cellWidth / 4, y: y + cellHeight / 3,
                               width: cellWidth / 2, height: cellHeight / 3, color: foreground)
            }
        }
    }

    /// Paints a 5 x 7 glyph, centred, each pixel 1 wide and 2 tall.
    private func paintGlyph(_ rows: ArraySlice<UInt8>, into image: inout RGBImage, x: Int,
                            y: Int, color: RGB) {
        let left = x + (cellWidth - PixelFont.glyphWidth) / 2
        let top = y + (cellHeight - 2 * PixelFont.glyphHeight) / 2
        for (row, bits) in rows.enumerated() {
            for column in 0..<PixelFont.glyphWidth where bits & (0x10 >> column) != 0 {
                image.fillRect(x: left + column, y: top + 2 * row, width: 1, height: 2,
                               color: color)
            }
        }
    }

    /// Returns the dot bits of a braille character (U+2800 to U+28FF), or nil.
    private func brailleDots(_ character: Character) -> UInt8? {
        guard let scalar = character.unicodeScalars.first,
              (0x2800...0x28FF).contains(scalar.value) else { return nil }
        return UInt8(scalar.value - 0x2800)
    }

    /// Paints braille dots as 2 x 2 squares on a 2 x 4 grid in the cell, in the standard dot
    /// order: dots 1 to 3 down the left column, 4 to 6 down the right, then 7 and 8 below.
    private func paintBraille(_ dots: UInt8, into image: inout RGBImage, x: Int, y: Int,
                              color: RGB) {
        let positions = [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2), (0, 3), (1, 3)]
        for (bit, position) in positions.enumerated() where dots & (1 << bit) != 0 {
            image.fillRect(x: x + 1 + position.0 * cellWidth / 2,
                           y: y + 1 + position.1 * cellHeight / 4,
                           width: 2, height: 2, color: color)
        }
    }
}
