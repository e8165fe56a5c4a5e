/// One curve of a 1D plot: y values over x, such as the loss of one model along a direction.
public struct CurveSeries: Sendable {
    /// The y axis that a series is measured against.
    public enum Axis: Sendable {
        /// The left axis, for the loss; the only one that may be logarithmic.
        case left
        /// The right axis, for the accuracy.
        case right
    }

    /// The name in the legend.
    public var name: String
    /// The x coordinates, one per point.
    public var x: [Double]
    /// The y values, one per point; nil (pending) and NaN break the line.
    public var y: [Double?]
    /// The colour of the line; nil is the terminal's own foreground.
    public var color: RGB?
    /// The character that stands for the series in the legend and, when the plot shows
    /// markers, at its points, since a braille cell holds only one colour.
    public var marker: Character
    public var axis: Axis

    /// Creates a series; `x` and `y` must have the same length.
    public init(name: String, x: [Double], y: [Double?], color: RGB? = nil,
                marker: Character = "o", axis: Axis = .left) {
        precondition(x.count == y.count, "x has \(x.count) points, y has \(y.count)")
        self.name = name
        self.x = x
        self.y = y
        self.color = color
        self.marker = marker
        self.axis = axis
    }

}
