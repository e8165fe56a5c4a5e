/// The built-in colour maps beside viridis, and their lookup by name.
extension ColorMap {
    /// Cividis, matplotlib's map for readers with red-green colour blindness: dark blue
    /// through grey to yellow, with lightness rising evenly.
    ///
    /// The nine stops are matplotlib 3.11's 256-entry cividis table sampled at t = 0, 1/8,
    /// …, 1 and rounded to 8 bits.
    public static let cividis = ColorMap(stops: [
        RGB(hex: 0x00224E), RGB(hex: 0x1A386F), RGB(hex: 0x434E6C),
        RGB(hex: 0x61656F), RGB(hex: 0x7D7C78), RGB(hex: 0x9A9376),
        RGB(hex: 0xBBAD6D), RGB(hex: 0xDDC858), RGB(hex: 0xFEE838),
    ])

    /// Magma, matplotlib's perceptually uniform map from black through purple and red to
    /// pale yellow, sampled like `cividis`.
    public static let magma = ColorMap(stops: [
        RGB(hex: 0x000004), RGB(hex: 0x1D1147), RGB(hex: 0x51127C),
        RGB(hex: 0x832681), RGB(hex: 0xB73779), RGB(hex: 0xE55064),
        RGB(hex: 0xFB8761), RGB(hex: 0xFEC287), RGB(hex: 0xFCFDBF),
    ])

    /// Black to white in equal sRGB steps, which are close to equal steps of lightness.
    public static let grayscale = ColorMap(stops: [RGB(hex: 0x000000), RGB(hex: 0xFFFFFF)])

    /// A diverging map for values on both sides of a midpoint: blue, near-white at t = 0.5,
    /// red.
    ///
    /// The two halves roughly mirror each other in lightness, so equal distances from the
    /// middle look about equally strong. Use it with a range centred on the value of interest.
    public static let diverging = ColorMap(stops: [
        RGB(hex: 0x2B4C9B), RGB(hex: 0x7C9FD0), RGB(hex: 0xF2F0EB),
        RGB(hex: 0xE0907A), RGB(hex: 0xA8262B),
    ])

    /// The names that `named(_:)` accepts, the default first.
    public static let names = ["viridis", "cividis", "magma", "grayscale", "diverging"]

    /// Returns the built-in map called `name` (lower case, as in `names`), or nil.
    public static func named(_ name: String) -> ColorMap? {
        switch name {
        case "viridis": return .viridis
        case "cividis": return .cividis
        case "magma": return .magma
        case "grayscale": return .grayscale
        case "diverging": return .diverging
        default: return nil
        }
    }
}
