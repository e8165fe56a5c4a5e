import Engine
import Rendering

/// Everything one explorer frame shows, gathered from the view and the source.
struct FrameSnapshot {
    var title: String
    var viewport: Viewport
    var lattice: PixelLattice
    /// The loss of every plot pixel, nil while pending.
    var losses: ValueGrid
    /// The lattice point under the cursor at the pixel spacing.
    var cursorPoint: SurfacePoint
    /// The value under the cursor at the finest level computed, nil while pending.
    var cursorValue: PointValue?
    var pendingCount: Int
    var pointsPerSecond: Double

    /// Gathers the frame's values from `source` for `viewport` drawn over `lattice`.
    init(title: String, viewport: Viewport, lattice: PixelLattice, source: SurfaceSource) {
        self.title = title
        self.viewport = viewport
        self.lattice = lattice
        losses = lattice.losses(from: source)
        let cursor = lattice.cursor
        if lattice.width > 0, lattice.height > 0 {
            cursorPoint = lattice.point(x: cursor.x, y: cursor.y, offset: 0)
            cursorValue = lattice.value(x: cursor.x, y: cursor.y, from: source)
        } else {
            cursorPoint = SurfacePoint(alpha: viewport.centerAlpha, beta: viewport.centerBeta)
        }
        pendingCount = source.pendingCount
        pointsPerSecond = source.pointsPerSecond
    }
}
