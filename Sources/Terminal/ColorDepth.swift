import Rendering

/// The colours the terminal can show, as the front uses them.
enum ColorDepth: Equatable {
    /// No colour: the heatmap falls back to the shade ramp.
    case none
    /// The eight basic colours, as with `TERM=screen` inside tmux.
    case eight
    /// The 256-colour palette: the 6x6x6 cube and the grey ramp.
    case palette256

    /// Chooses the depth from the terminfo colour count and the environment.
    ///
    /// `NO_COLOR` set to a non-empty value turns colour off, as does `disabled`.
    /// - Parameters:
    ///   - colors: the terminfo `colors` capability (ncurses `COLORS`); 0 without colour.
    static func choose(colors: Int, disabled: Bool, environment: [String: String]) -> ColorDepth {
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        if disabled || noColor || colors < 8 {
            return .none
        }
        return colors >= 256 ? .palette256 : .eight
    }

    /// Returns the palette index nearest to `color`.
    func paletteIndex(for color: RGB) -> Int32 {
        switch self {
        case .none:
            return -1
        case .eight:
            return Int32(PaletteQuantizer.index8(for: color))
        case .palette256:
            return Int32(PaletteQuantizer.index256(for: color))
        }
    }
}
