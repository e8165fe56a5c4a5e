import Engine
import Rendering

/// Everything one explorer frame shows, gathered from the view and the source.
struct FrameSnapshot {
    var title: String
    var viewport: Viewport
    var logScale = false
    var helpVisible = false
    /// A message for the status line in place of the key hints, such as an export's files.
    var notice: String?
    var lattice: PixelLattice
    /// The loss of every plot pixel, nil while pending.
    var losses: ValueGrid
    /// The lattice point under the cursor at the pixel spacing.
    var cursorPoint: SurfacePoint
    /// The value under the cursor at the finest level computed, nil while pending.
    var cursorValue: PointValue?
    var pendingCount: Int
    var pointsPerSecond: Double

    /// Gathers the frame's values from `source` through `cache`, for `viewport`.
    init(title: String, viewport: Viewport, cache: PixelValueCache, source: SurfaceSource) {
        self.title = title
        self.viewport = viewport
        lattice = cache.lattice
        let values = cache.values(from: source)
        losses = ValueGrid(width: lattice.width, height: lattice.height)
        for (index, value) in values.enumerated() {
            losses[index % lattice.width, index / lattice.width] = value?.loss
        }
        let cursor = lattice.cursor
        if lattice.width > 0, lattice.height > 0 {
            cursorPoint = lattice.point(x: cursor.x, y: cursor.y, offset: 0)
            cursorValue = values[cursor.y * lattice.width + cursor.x]
        } else {
            cursorPoint = SurfacePoint(alpha: viewport.centerAlpha, beta: viewport.centerBeta)
        }
        pendingCount = source.pendingCount
        pointsPerSecond = source.pointsPerSecond
    }
}
