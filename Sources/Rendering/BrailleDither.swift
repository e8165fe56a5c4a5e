/// Ordered dithering of a value into the eight dots of a braille cell.
///
/// The thresholds are the 4x4 Bayer matrix laid over the dots. A cell covers two of its
/// columns and all four of its rows, so even and odd cell columns take complementary
/// halves. A flat area two cells wide can then show 15 distinct densities.
public enum BrailleDither {
    /// The 4x4 Bayer matrix, rows from the top: each threshold 0...15 appears once and
    /// neighbouring thresholds lie far apart, so dots spread evenly at every density.
    static let bayer: [[Int]] = [
        [0, 8, 2, 10],
        [12, 4, 14, 6],
        [3, 11, 1, 9],
        [15, 7, 13, 5],
    ]

    /// Returns the raised dots for `fraction` in [0, 1] (clamped, NaN as 0) in a cell of
    /// heatmap column `column`.
    ///
    /// Every cell raises at least one dot, so the lowest value stays visible and unlike a
    /// pending cell, and a fraction of 1 raises all eight.
    public static func pattern(fraction: Double, column: Int) -> UInt8 {
        let fraction = fraction.isNaN ? 0 : min(max(fraction, 0), 1)
        let level = 2 + Int((fraction * 14).rounded())
        let offset = column & 1 == 0 ? 0 : 2
        var pattern: UInt8 = 0
        for dy in 0..<4 {
            for dx in 0..<2 where bayer[dy][offset + dx] < level {
                pattern |= BrailleCanvas.bit(dx: dx, dy: dy)
            }
        }
        return pattern
    }
}
