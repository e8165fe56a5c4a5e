/// The square region of the (α, β) plane on screen: a centre and a half-width.
///
/// The centre is also the cursor, so zooming at the cursor keeps the centre. The plot
/// stretches the square over its pixels, so the two axes can have different pixel spacings.
struct Viewport: Equatable {
    var centerAlpha = 0.0
    var centerBeta = 0.0
    var halfWidth = 1.0

    /// The view at launch: α, β ∈ [−1, 1].
    static let initial = Viewport()

    /// The half-widths zooming stays within. Both are powers of two so that panning by an
    /// eighth of the span keeps the centre on the lattice. With the lower one, a plot up to
    /// 2^10 pixels wide keeps its pixel spacing above the finest lattice step, 2^-40.
    static let halfWidthRange = 0x1p-28...0x1p12

    /// Moves the centre by eighths of the span; positive `rows` move β up.
    mutating func pan(columns: Int, rows: Int) {
        let step = 2 * halfWidth / 8
        centerAlpha += Double(columns) * step
        centerBeta += Double(rows) * step
    }

    /// Divides the half-width by `factor` (2 zooms in), clamped to `halfWidthRange`.
    mutating func zoom(by factor: Double) {
        guard factor.isFinite, factor > 0 else { return }
        let range = Viewport.halfWidthRange
        halfWidth = min(max(halfWidth / factor, range.lowerBound), range.upperBound)
    }

    /// Returns α at pixel column `x` of `width`.
    ///
    /// Column `width / 2` sits exactly on the centre, so the cursor pixel shows the value at
    /// the centre itself (at launch, the trained model's own loss).
    func alpha(atColumn x: Int, of width: Int) -> Double {
        centerAlpha + Double(x - width / 2) * spacing(across: width)
    }

    /// Returns β at pixel row `y` of `height`, counting rows from the top; row `height / 2`
    /// sits exactly on the centre.
    func beta(atRow y: Int, of height: Int) -> Double {
        centerBeta - Double(y - height / 2) * spacing(across: height)
    }

    /// Returns the distance between neighbouring pixel centres when `pixels` span the view.
    func spacing(across pixels: Int) -> Double {
        2 * halfWidth / Double(max(pixels, 1))
    }
}
