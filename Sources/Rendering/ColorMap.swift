/// A colour map: evenly spaced colour stops, linearly interpolated between neighbours.
public struct ColorMap: Equatable, Sendable {
    /// The stops, the first for t = 0 and the last for t = 1; never empty.
    public let stops: [RGB]

    /// Creates a map through `stops`, which must hold at least one colour.
    public init(stops: [RGB]) {
        precondition(!stops.isEmpty, "a colour map needs at least one stop")
        self.stops = stops
    }

    /// Returns the colour at `t`, clamped to [0, 1]; a NaN `t` gives the first stop.
    public func color(at t: Double) -> RGB {
        guard stops.count > 1 else { return stops[0] }
        let t = t.isNaN ? 0 : min(max(t, 0), 1)
        let position = t * Double(stops.count - 1)
        let index = min(Int(position), stops.count - 2)
        return stops[index].interpolated(to: stops[index + 1], by: position - Double(index))
    }

    /// Viridis, the perceptually uniform default map of matplotlib: dark purple through
    /// blue and green to yellow.
    ///
    /// The nine stops are matplotlib's 256-entry viridis table sampled at t = 0, 1/8, …, 1,
    /// each channel within one 8-bit level of the table.
    public static let viridis = ColorMap(stops: [
        RGB(hex: 0x440154), RGB(hex: 0x472D7B), RGB(hex: 0x3B528B),
        RGB(hex: 0x2C728E), RGB(hex: 0x21908C), RGB(hex: 0x27AD81),
        RGB(hex: 0x5DC863), RGB(hex: 0xAADC32), RGB(hex: 0xFDE725),
    ])
}
