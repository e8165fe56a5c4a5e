/// Renders a grid of values as a heatmap of cells.
///
/// Pending pixels show the terminal's default background (a space in `shadeRamp`), and
/// diverged pixels (NaN or infinite) show `divergedColor` (a `!` in `solid` and
/// `shadeRamp`). Neither takes part in the colour scale.
public struct Heatmap: Sendable {
    public var style: HeatmapStyle
    public var colorMap: ColorMap
    /// The colour of diverged pixels, outside every colour the default map produces.
    public var divergedColor: RGB

    /// The characters of the shade ramp, from the lowest value to the highest.
    public static let shadeRamp: [Character] = Array(".:-=+*#%@")
    /// The shade-ramp character of a pending pixel.
    public static let pendingCharacter: Character = " "
    /// The shade-ramp character of a diverged pixel.
    public static let divergedCharacter: Character = "!"

    public init(style: HeatmapStyle, colorMap: ColorMap = .viridis,
                divergedColor: RGB = RGB(hex: 0xE0301E)) {
        self.style = style
        self.colorMap = colorMap
        self.divergedColor = divergedColor
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
                grid[x + column, y + row] = cell(upper: upper, lower: lower, range: range)
            }
        }
    }

    /// Returns the cell for one pixel, or two stacked pixels in the half-block style.
    public func cell(upper: Float?, lower: Float?, range: ValueRange?) -> Cell {
        switch style {
        case .halfBlock:
            return halfBlockCell(upper: color(of: upper, range: range),
                                 lower: color(of: lower, range: range))
        case .solid:
            let character: Character = isDiverged(upper) ? Heatmap.divergedCharacter : " "
            return Cell(character, background: color(of: upper, range: range))
        case .shadeRamp:
            return Cell(shade(of: upper, range: range))
        }
    }

    /// Returns the colour of one pixel: nil while pending, `divergedColor` when not finite.
    public func color(of value: Float?, range: ValueRange?) -> RGB? {
        guard let value else { return nil }
        guard value.isFinite else { return divergedColor }
        return colorMap.color(at: range?.fraction(of: value) ?? 0.5)
    }

    /// Returns the shade-ramp character of one pixel.
    public func shade(of value: Float?, range: ValueRange?) -> Character {
        guard let value else { return Heatmap.pendingCharacter }
        guard value.isFinite else { return Heatmap.divergedCharacter }
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

    private func isDiverged(_ value: Float?) -> Bool {
        value.map { !$0.isFinite } ?? false
    }
}
