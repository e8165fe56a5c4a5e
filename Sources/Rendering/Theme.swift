/// The colours and glyphs of the explorer: UI colours, the heatmap's colour map, the marks
/// of pending, NaN and diverged pixels, and the curve series' colours and markers.
///
/// A nil colour is the terminal's own foreground (or, for `pending`, its background).
/// Themes come from `themes/NAME.theme` files (`ThemeParser`) or the built-in values in
/// `Theme+BuiltIn.swift`, which need no file.
public struct Theme: Equatable, Sendable {
    public var name: String
    public var colorMap: ColorMap
    public var title: RGB?
    public var status: RGB?
    /// The axis lines and tick labels.
    public var axes: RGB?
    public var cursor: RGB?
    /// The colour of pending pixels in colour heatmaps; nil is the terminal's background.
    public var pending: RGB?
    /// The colour of NaN pixels.
    public var nan: RGB
    /// The colour of infinite pixels, whose loss overflowed.
    public var diverged: RGB
    /// The colour of contour lines.
    public var contour: RGB?
    /// The colours of curve series in order, reused from the start when there are more
    /// series.
    public var series: [RGB]
    /// The character of a pending pixel in the heatmap styles that write characters.
    public var pendingGlyph: Character
    public var nanGlyph: Character
    public var divergedGlyph: Character
    /// The markers of curve series in order, reused like `series`.
    public var seriesMarkers: [Character]

    /// Returns the colour and marker of curve series number `index`, counting from zero.
    ///
    /// An empty `series` gives the terminal's own colour and an empty `seriesMarkers` the
    /// marker `o`; the parser never produces either.
    public func seriesStyle(at index: Int) -> (color: RGB?, marker: Character) {
        let index = max(index, 0)
        let color = series.isEmpty ? nil : series[index % series.count]
        let marker = seriesMarkers.isEmpty ? "o" : seriesMarkers[index % seriesMarkers.count]
        return (color, marker)
    }
}

extension Heatmap {
    /// Creates a heatmap in `style` with the theme's colour map and its marks for pending,
    /// NaN and diverged pixels.
    public init(style: HeatmapStyle, theme: Theme) {
        self.init(style: style, colorMap: theme.colorMap, divergedColor: theme.diverged,
                  nanColor: theme.nan, pendingColor: theme.pending)
        pendingGlyph = theme.pendingGlyph
        nanGlyph = theme.nanGlyph
        divergedGlyph = theme.divergedGlyph
    }
}

extension ContourLayer {
    /// Creates a contour layer in the theme's contour colour.
    public init(levels: ContourLevels = .automatic(ContourLayer.defaultLevelCount),
                theme: Theme, glyphs: BrailleGlyphs = .braille) {
        self.init(levels: levels, color: theme.contour, glyphs: glyphs)
    }
}

extension CurvePlot {
    /// Creates a plot with the theme's axis and cursor colours, giving each series the
    /// theme's colour and marker for its position in `series`.
    public init(series: [CurveSeries], theme: Theme) {
        self.init(series: series.enumerated().map { index, curve in
            var curve = curve
            (curve.color, curve.marker) = theme.seriesStyle(at: index)
            return curve
        })
        axisColor = theme.axes
        cursorColor = theme.cursor
    }
}
