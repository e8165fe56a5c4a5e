/// How a heatmap turns pixels into cells, chosen from the terminal's colours and glyphs.
public enum HeatmapStyle: Sendable, CaseIterable {
    /// Two pixels per cell: `▀` with the upper pixel as foreground and the lower as
    /// background. Needs colour and a UTF-8 terminal.
    case halfBlock
    /// One pixel per cell: a space on the pixel's colour. Needs colour but writes ASCII only.
    case solid
    /// One pixel per cell: a character of `Heatmap.shadeRamp`, darkest for the lowest value.
    /// Needs neither colour nor Unicode.
    case shadeRamp
    /// One pixel per cell: braille dots whose density follows the value, by ordered
    /// dithering, from one dot for the lowest value to all eight for the highest. Needs a
    /// UTF-8 terminal but no colour.
    case brailleDots

    /// The number of pixel rows one cell shows.
    public var pixelRowsPerCell: Int {
        self == .halfBlock ? 2 : 1
    }

    /// Whether the style paints colours.
    public var usesColor: Bool {
        self != .shadeRamp && self != .brailleDots
    }
}
