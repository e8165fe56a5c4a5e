/// Contour lines drawn in braille over a plot area, alone or over a heatmap.
///
/// The value grid is the heatmap's pixel grid: each sample sits at the centre of its pixel,
/// so the lines fall where the colours change. The plot area is `columns` x `rows` cells,
/// and its braille dots (2 x 4 per cell) are spread evenly over the samples.
public struct ContourLayer: Sendable {
    public var levels: ContourLevels
    /// The colour of every line; nil is the terminal's own foreground.
    public var color: RGB?
    public var glyphs: BrailleGlyphs

    /// The number of automatic levels when none is chosen.
    public static let defaultLevelCount = 8

    public init(levels: ContourLevels = .automatic(ContourLayer.defaultLevelCount),
                color: RGB? = nil, glyphs: BrailleGlyphs = .braille) {
        self.levels = levels
        self.color = color
        self.glyphs = glyphs
    }

    /// Returns the segments of every level in the coordinates of `values`.
    ///
    /// Without a range (no finite value yet) there are no lines.
    public func segments(values: ValueGrid, range: ValueRange?) -> [ContourSegment] {
        guard let range else { return [] }
        let field = SampleField(values)
        var segments: [ContourSegment] = []
        for level in levels.values(in: range) {
            MarchingSquares.append(field, level: level, logarithmic: range.isLogarithmic,
                                   to: &segments)
        }
        return segments
    }

    /// Draws the lines onto `canvas`, whose whole area the samples of `values` cover.
    public func draw(values: ValueGrid, range: ValueRange?, on canvas: inout BrailleCanvas) {
        guard values.width > 0, values.height > 0 else { return }
        let scaleX = Double(canvas.dotWidth) / Double(values.width)
        let scaleY = Double(canvas.dotHeight) / Double(values.height)
        let toDots = { (point: (x: Double, y: Double)) -> (x: Double, y: Double) in
            ((point.x + 0.5) * scaleX, (point.y + 0.5) * scaleY)
        }
        for segment in segments(values: values, range: range) {
            canvas.drawLine(from: toDots(segment.start), to: toDots(segment.end), color: color)
        }
    }

    /// Draws the lines into `grid` over a plot area of `columns` x `rows` cells with its
    /// top-left cell at (`x`, `y`), keeping the backgrounds already there.
    ///
    /// For a heatmap drawn by `Heatmap.render(values, …)`, pass the same values and the
    /// heatmap's size in cells: `values.width` columns and `values.height` divided by the
    /// style's `pixelRowsPerCell`, rounded up.
    public func render(values: ValueGrid, range: ValueRange?, into grid: inout CellGrid,
                       x: Int, y: Int, columns: Int, rows: Int) {
        var canvas = BrailleCanvas(columns: columns, rows: rows)
        draw(values: values, range: range, on: &canvas)
        canvas.render(into: &grid, x: x, y: y, glyphs: glyphs)
    }

    /// Draws the contours of `values` at `levels` into `grid` in one call; see
    /// `render(values:range:into:x:y:columns:rows:)`.
    public static func render(values: ValueGrid, range: ValueRange?, levels: ContourLevels,
                              color: RGB? = nil, glyphs: BrailleGlyphs = .braille,
                              into grid: inout CellGrid,
                              x: Int, y: Int, columns: Int, rows: Int) {
        ContourLayer(levels: levels, color: color, glyphs: glyphs)
            .render(values: values, range: range, into: &grid, x: x, y: y,
                    columns: columns, rows: rows)
    }
}
