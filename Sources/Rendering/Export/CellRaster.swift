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
/// Backgrounds and the block glyphs `▀`, `▄` and `█` are painted exactly. Other characters
/// become a small mark in the foreground colour in the middle of their cell.
/// NOTE: there is no font, so text such as axis labels reads only in the SVG and text
/// exports. The PNG shows the map, the cursor and the colour bar.
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
            image.fillRect(x: x + cellWidth / 4, y: y + cellHeight / 3, width: cellWidth / 2,
                           height: cellHeight / 3, color: foreground)
        }
    }
}
