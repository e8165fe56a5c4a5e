import Engine

/// The window of t values that the interpolation view shows, the grid of points in it and
/// the cursor.
///
/// The grid at level 0 is the `--t MIN:MAX:NUM` axis: t = MIN + j·step with
/// step = (MAX − MIN)/(NUM − 1), for any integer j, so it goes on past both ends. Each
/// zoom in by two adds one level and halves the step, and each zoom out removes one, so
/// the window keeps about NUM points. A point has one key whatever level it is reached
/// from (`t(index:level:)`), so zooming reuses every computed value.
struct CurveView: Equatable {
    /// The levels that zooming stays between: 16 times coarser than the axis, to 2^20 times
    /// finer, where the step is still far above Double's resolution for t near [0, 1].
    static let levels = -4...20

    let axis: GridAxis
    /// The zoom level: the grid step is the axis step divided by 2^level.
    private(set) var level = 0
    /// The t values at the left and right ends of the window.
    private(set) var lower: Double
    private(set) var upper: Double
    /// The cursor's grid index at the current level.
    private(set) var cursor: Int

    /// Creates the initial view: the whole axis, with the cursor on the point nearest 0.
    init(axis: GridAxis) {
        self.axis = axis
        lower = axis.minimum
        upper = axis.maximum
        cursor = 0
        cursor = nearestIndex(to: 0)
    }

    /// The step between neighbouring points of the axis; 1 for an axis of one point.
    var axisStep: Double {
        axis.count > 1 ? (axis.maximum - axis.minimum) / Double(axis.count - 1) : 1
    }

    /// The grid step at the current level.
    var step: Double { axisStep * scale(level) }

    /// Returns the t of grid index `index` at `level`.
    ///
    /// The index is first reduced to the lowest level with the same point (halved while
    /// even), so the same point always has bit for bit the same t. A t within 1e-9 steps of
    /// 0 or 1 is taken as exactly 0 or 1, so the points meant as the two models use the
    /// models' own tensors.
    func t(index: Int, level: Int) -> Double {
        var index = index
        var level = level
        if level < 0 {
            index <<= -level
            level = 0
        }
        while level > 0, index % 2 == 0 {
            index /= 2
            level -= 1
        }
        let spacing = axisStep * scale(level)
        let t = axis.minimum + Double(index) * spacing
        for end in [0.0, 1.0] where abs(t - end) <= 1e-9 * spacing {
            return end
        }
        return t
    }

    /// Returns the t of grid index `index` at the current level.
    func t(_ index: Int) -> Double { t(index: index, level: level) }

    /// The t under the cursor.
    var cursorT: Double { t(cursor) }

    /// The grid indices inside the window, left to right.
    var indices: ClosedRange<Int> {
        let first = Int(((lower - axis.minimum) / step - 1e-9).rounded(.up))
        let last = Int(((upper - axis.minimum) / step + 1e-9).rounded(.down))
        return first...max(first, last)
    }

    /// Returns the indices of the window in the order to compute them: the cursor's point
    /// and the points of the two models (t = 0 and t = 1) when they are on the grid, then
    /// every 8th point, then the 4th, 2nd and the rest between. Each pass goes outwards
    /// from the cursor.
    ///
    /// The passes follow the index itself, not its place in the window, so a point keeps
    /// its pass when the window moves.
    func requestOrder() -> [Int] {
        let window = indices
        let models = [0.0, 1.0].map(nearestIndex(to:)).filter { t($0) == 0 || t($0) == 1 }
        var order = [cursor] + models.filter { $0 != cursor }
        let first = Set(order)
        let rest = window.filter { !first.contains($0) }
        for stride in [8, 4, 2, 1] {
            let pass = rest.filter { $0 % stride == 0 && (stride == 8 || $0 % (stride * 2) != 0) }
            order += pass.sorted { (abs($0 - cursor), $0) < (abs($1 - cursor), $1) }
        }
        return order.filter(window.contains)
    }

    /// Moves the cursor by `steps` grid steps, scrolling the window to keep it inside.
    mutating func moveCursor(by steps: Int) {
        cursor += steps
        let t = cursorT
        if t < lower {
            (lower, upper) = (t, upper - (lower - t))
        } else if t > upper {
            (lower, upper) = (lower + (t - upper), t)
        }
    }

    /// Zooms in two times (`factor` 2) or out (`factor` 0.5) around the cursor, which stays
    /// on its point, or on the nearest point of the coarser grid. Does nothing at the
    /// deepest and shallowest levels.
    mutating func zoom(by factor: Double) {
        let deeper = factor > 1
        let next = level + (deeper ? 1 : -1)
        guard CurveView.levels.contains(next) else { return }
        let halfWidth = (upper - lower) / 2 * (deeper ? 0.5 : 2)
        cursor = deeper ? cursor * 2 : Int((Double(cursor) / 2).rounded())
        level = next
        let center = cursorT
        (lower, upper) = (center - halfWidth, center + halfWidth)
    }

    /// Returns to the initial view.
    mutating func reset() {
        self = CurveView(axis: axis)
    }

    /// Returns the index of the point nearest `t` at the current level, kept inside the
    /// window.
    private func nearestIndex(to t: Double) -> Int {
        let index = Int(((t - axis.minimum) / step).rounded())
        let window = indices
        return min(max(index, window.lowerBound), window.upperBound)
    }

    /// Returns 2^-level.
    private func scale(_ level: Int) -> Double {
        Double(sign: .plus, exponent: -level, significand: 1)
    }
}
