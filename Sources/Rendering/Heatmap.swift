/// Renders a grid of values as a heatmap of cells.
///
/// Pending pixels show `pendingColor` (by default the terminal's own background) or
/// `pendingGlyph`. NaN pixels show `nanColor` or `nanGlyph`, and diverged pixels (infinite)
/// show `divergedColor` or `divergedGlyph`. None of them takes part in the colour scale. By
/// default NaN looks like a diverged pixel; a `Theme` sets all three apart.
public struct Heatmap: Sendable {
    public var style: HeatmapStyle
    public var colorMap: ColorMap
    /// The colour of infinite pixels, outside every colour the default map produces.
    public var divergedColor: RGB
    /// The colour of NaN pixels.
    public var nanColor: RGB
    /// The colour of pending pixels; nil is the terminal's own background.
    public var pendingColor: RGB?
    /// The character of a pending pixel in the styles that write characters.
    public var pendingGlyph: Character = Heatmap.pendingCharacter
    /// The character of a NaN pixel in the styles that write characters.
    public var nanGlyph: Character = Heatmap.divergedCharacter
    /// The character of an infinite pixel in the styles that write characters.
    public var divergedGlyph: Character = Heatmap.divergedCharacter

    /// The characters of the shade ramp, from the lowest value to the highest.
    public static let shadeRamp: [Character] = Array(".:-=+*#%@")
    /// The default character of a pending pixel.
    public static let pendingCharacter: Character = " "
    /// The default character of a diverged or NaN pixel.
    public static let divergedCharacter: Character = "!"

    public init(style: HeatmapStyle, colorMap: ColorMap = .viridis,
                divergedColor: RGB = RGB(hex: 0xE0301E), nanColor: RGB? = nil,
                pendingColor: RGB? = nil) {
        self.style = style
        self.colorMap = colorMap
        self.divergedColor = divergedColor
        self.nanColor = nanColor ?? divergedColor
        self.pendingColor = pendingColor
    }

    /// Draws `values` into `grid` with its top-left cell at (`x`, `y`), clipped to the grid.
    ///
    /// The heatmap covers `values.width` columns and `values.height / pixelRowsPerCell`
    /// rows, rounded up; a missing lower pixel in the last half-block row counts as pending.
    /// - Parameter range: the values at the two ends of the colour map; nil places every
    ///   finite value in the middle of the map.
    public func render(_ values: ValueGrid, range: ValueRange?,
                       into grid: inout CellGrid, x: Int, y: Int) {
        let rowsPerCell = style.pixelRowsPerCell
        let rows = (values.height + rowsPerCell - 1) / rowsPerCell
        for row in 0..<rows {
            for column in 0..<values.width {
                let upper = values[column, row * rowsPerCell]
                let lower = rowsPerCell == 2 ? values[column, row * 2 + 1] : nil
                grid[x + column, y + row] = cell(upper: upper, lower: lower, range: range,
                                                 column: column)
            }
        }
    }

    /// Returns the cell for one pixel, or two stacked pixels in the half-block style.
    ///
    /// - Parameter column: the cell's column in the heatmap, which sets the dither pattern
    ///   of the braille-dots style.
    public func cell(upper: Float?, lower: Float?, range: ValueRange?, column: Int = 0) -> Cell {
        switch style {
        case .halfBlock:
            return halfBlockCell(upper: color(of: upper, range: range),
                                 lower: color(of: lower, range: range))
        case .solid:
            let character = upper.map { $0.isFinite ? " " : glyph(of: $0) } ?? " "
            return Cell(character, background: color(of: upper, range: range))
        case .shadeRamp:
            return Cell(shade(of: upper, range: range))
        case .brailleDots:
            guard let value = upper, value.isFinite else { return Cell(glyph(of: upper)) }
            let fraction = range?.fraction(of: value) ?? 0.5
            return Cell(BrailleCanvas.character(
                pattern: BrailleDither.pattern(fraction: fraction, column: column)))
        }
    }

    /// Returns the colour of one pixel: `pendingColor` while pending, `nanColor` for NaN,
    /// `divergedColor` when infinite, otherwise the colour map's.
    public func color(of value: Float?, range: ValueRange?) -> RGB? {
        guard let value else { return pendingColor }
        guard !value.isNaN else { return nanColor }
        guard value.isFinite else { return divergedColor }
        return colorMap.color(at: range?.fraction(of: value) ?? 0.5)
    }

    /// Returns the character of a pending, NaN or infinite pixel; a space for finite ones.
    public func glyph(of value: Float?) -> Character {
        guard let value else { return pendingGlyph }
        if value.isNaN { return nanGlyph }
        return value.isFinite ? " " : divergedGlyph
    }

    /// Returns the shade-ramp character of one pixel.
    public func shade(of value: Float?, range: ValueRange?) -> Character {
        guard let value, value.isFinite else { return glyph(of: value) }
        let ramp = Heatmap.shadeRamp
        let index = Int((range?.fraction(of: value) ?? 0.5) * Double(ramp.count))
        return ramp[min(index, ramp.count - 1)]
    }

    private func halfBlockCell(upper: RGB?, lower: RGB?) -> Cell {
        switch (upper, lower) {
        case (nil, nil):
            return .blank
        case (nil, let lower?):
            return Cell("▄", foreground: lower)
        case (let upper?, _):
            return Cell("▀", foreground: upper, background: lower)
        }
    }
}
