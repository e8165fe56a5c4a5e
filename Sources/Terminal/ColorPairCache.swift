import CNcursesw
import Rendering

/// Allocates ncurses colour pairs for (foreground, background) colours on demand and
/// reuses them.
///
/// Half-block pixels need one pair per distinct colour combination, more than the 256 of
/// the classic API, so pairs go through `init_extended_pair` (ncurses 6.1 and later).
final class ColorPairCache {
    private let depth: ColorDepth
    private let hasDefaultColors: Bool
    private var pairs: [PairKey: Int32] = [:]
    private var nextPair: Int32 = 1

    private struct PairKey: Hashable {
        var foreground: Int32
        var background: Int32
    }

    /// - Parameter hasDefaultColors: whether `use_default_colors` succeeded, so that -1
    ///   means the terminal's own colour; otherwise white on black is used instead.
    init(depth: ColorDepth, hasDefaultColors: Bool) {
        self.depth = depth
        self.hasDefaultColors = hasDefaultColors
    }

    /// Returns the pair number for the colours, allocating it on first use; 0 (the default
    /// pair) without colour.
    ///
    /// NOTE: once all `COLOR_PAIRS` are taken (63 with `TERM=screen`), new combinations
    /// get the default pair and show the terminal's colours instead.
    func pair(foreground: RGB?, background: RGB?) -> Int32 {
        guard depth != .none else { return 0 }
        let key = PairKey(foreground: index(of: foreground, isForeground: true),
                          background: index(of: background, isForeground: false))
        if let pair = pairs[key] {
            return pair
        }
        guard nextPair < COLOR_PAIRS,
              init_extended_pair(nextPair, key.foreground, key.background) != ERR else {
            return 0
        }
        pairs[key] = nextPair
        nextPair += 1
        return nextPair - 1
    }

    private func index(of color: RGB?, isForeground: Bool) -> Int32 {
        if let color {
            return depth.paletteIndex(for: color)
        }
        if hasDefaultColors {
            return -1
        }
        return isForeground ? Int32(COLOR_WHITE) : Int32(COLOR_BLACK)
    }
}
