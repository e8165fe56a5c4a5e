/// The themes that need no file. `themes/NAME.theme` contains the same values, and a test
/// keeps the two equal.
extension Theme {
    /// The default theme, for terminals with a dark background.
    public static let dark = Theme(
        name: "dark", colorMap: .viridis,
        title: RGB(hex: 0xE0E0E0), status: RGB(hex: 0xA8A8A8), axes: RGB(hex: 0x9E9E9E),
        cursor: RGB(hex: 0xFFFFFF), pending: nil, nan: RGB(hex: 0xC050C0),
        diverged: RGB(hex: 0xE0301E), contour: RGB(hex: 0xF0F0F0),
        series: [RGB(hex: 0x4E9AE0), RGB(hex: 0xF28E2B), RGB(hex: 0x59A14F),
                 RGB(hex: 0xE15759), RGB(hex: 0xB07AA1), RGB(hex: 0xEDC948)],
        pendingGlyph: " ", nanGlyph: "?", divergedGlyph: "!",
        seriesMarkers: ["o", "x", "+", "*", "#", "@"])

    /// For terminals with a light background.
    public static let light = Theme(
        name: "light", colorMap: .viridis,
        title: RGB(hex: 0x202020), status: RGB(hex: 0x505050), axes: RGB(hex: 0x606060),
        cursor: RGB(hex: 0x000000), pending: nil, nan: RGB(hex: 0xA020A0),
        diverged: RGB(hex: 0xC00000), contour: RGB(hex: 0x101010),
        series: [RGB(hex: 0x1F77B4), RGB(hex: 0xFF7F0E), RGB(hex: 0x2CA02C),
                 RGB(hex: 0xD62728), RGB(hex: 0x9467BD), RGB(hex: 0x8C564B)],
        pendingGlyph: " ", nanGlyph: "?", divergedGlyph: "!",
        seriesMarkers: ["o", "x", "+", "*", "#", "@"])

    /// Saturated colours at full brightness on a dark background, and magma, whose
    /// lightness spans nearly black to nearly white.
    public static let highContrast = Theme(
        name: "high-contrast", colorMap: .magma,
        title: RGB(hex: 0xFFFFFF), status: RGB(hex: 0xFFFFFF), axes: RGB(hex: 0xFFFFFF),
        cursor: RGB(hex: 0xFFFF00), pending: nil, nan: RGB(hex: 0xFF00FF),
        diverged: RGB(hex: 0xFF0000), contour: RGB(hex: 0x00FFFF),
        series: [RGB(hex: 0xFFFFFF), RGB(hex: 0xFFFF00), RGB(hex: 0x00FFFF),
                 RGB(hex: 0xFF00FF), RGB(hex: 0x00FF00), RGB(hex: 0xFF8000)],
        pendingGlyph: " ", nanGlyph: "?", divergedGlyph: "!",
        seriesMarkers: ["o", "x", "+", "*", "#", "@"])

    /// Cividis and the Okabe–Ito colours, which readers with any common form of colour
    /// blindness can tell apart, on a dark background.
    public static let colorblind = Theme(
        name: "colorblind", colorMap: .cividis,
        title: RGB(hex: 0xE0E0E0), status: RGB(hex: 0xA8A8A8), axes: RGB(hex: 0x9E9E9E),
        cursor: RGB(hex: 0xFFFFFF), pending: nil, nan: RGB(hex: 0xCC79A7),
        diverged: RGB(hex: 0xD55E00), contour: RGB(hex: 0x56B4E9),
        series: [RGB(hex: 0xE69F00), RGB(hex: 0x56B4E9), RGB(hex: 0x009E73),
                 RGB(hex: 0xF0E442), RGB(hex: 0x0072B2), RGB(hex: 0xCC79A7)],
        pendingGlyph: " ", nanGlyph: "?", divergedGlyph: "!",
        seriesMarkers: ["o", "x", "+", "*", "#", "@"])

    /// The built-in themes, the default first.
    public static let builtIn: [Theme] = [.dark, .light, .highContrast, .colorblind]

    /// Returns the built-in theme called `name`, or nil.
    public static func builtIn(named name: String) -> Theme? {
        builtIn.first { $0.name == name }
    }
}
