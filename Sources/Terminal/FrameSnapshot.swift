import Engine
import Rendering

/// One pane's part of a frame: its heading and the values under its plot.
struct PaneSnapshot {
    var title: String
    /// The value of every plot pixel, row by row from the top; nil while pending.
    var values: [PointValue?]
    /// The value under the cursor at the finest level computed, nil while pending.
    var cursorValue: PointValue?
    var pendingCount: Int
    var pointsPerSecond: Double
    /// The basin width around α = 0, nil while its points are pending or when not measured.
    var basin: BasinReadout.Basin?
    /// The eigenvalue source's packed values of every pixel while the non-convexity map is
    /// shown, and the one under the cursor.
    var eigenValues: [PointValue?]?
    var cursorEigen: PointValue?

    /// Gathers the pane's values from `source` through `cache`.
    init(title: String, cache: PixelValueCache, source: SurfaceSource) {
        self.title = title
        values = cache.values(from: source)
        let lattice = cache.lattice
        let cursor = lattice.cursor
        if lattice.width > 0, lattice.height > 0 {
            cursorValue = values[cursor.y * lattice.width + cursor.x]
        }
        pendingCount = source.pendingCount
        pointsPerSecond = source.pointsPerSecond
    }

    /// Creates a pane of given values with nothing pending, as in a frame of a finished run.
    init(title: String, values: [PointValue?], cursorValue: PointValue?) {
        self.title = title
        self.values = values
        self.cursorValue = cursorValue
        pendingCount = 0
        pointsPerSecond = 0
    }

    /// Adds the eigenvalue source's values, looked up through `cache`.
    mutating func addEigenvalues(cache: PixelValueCache, source: SurfaceSource) {
        let values = cache.values(from: source)
        eigenValues = values
        let lattice = cache.lattice
        if lattice.width > 0, lattice.height > 0 {
            cursorEigen = values[lattice.cursor.y * lattice.width + lattice.cursor.x]
        }
        pendingCount += source.pendingCount
        pointsPerSecond += source.pointsPerSecond
    }

    /// Returns the pixels of `metric` as a grid of `width` columns.
    func grid(_ metric: Metric, width: Int) -> ValueGrid {
        let source = metric == .nonConvexity ? eigenValues ?? [] : values
        let height = width > 0 ? source.count / width : 0
        var grid = ValueGrid(width: width, height: height)
        for (index, value) in source.enumerated() {
            grid[index % width, index / width] = value.map(metric.value(of:))
        }
        return grid
    }
}

/// Everything one explorer frame shows, gathered from the view and the sources.
struct FrameSnapshot {
    var title: String
    var viewport: Viewport
    var logScale = false
    var helpVisible = false
    /// Whether each pane scales its colours to its own values instead of one shared range.
    var ownScales = false
    var metric = Metric.loss
    var contours = ContourMode.off
    var trajectory: TrajectoryOverlay?
    /// The pane whose value the status line shows, and which alone is drawn when the screen
    /// cannot hold them all.
    var activePane = 0
    /// A message for the status line in place of the key hints, such as an export's files.
    /// Text after the metric's name while the map shows the non-convexity.
    var eigenSummary = ""
    var notice: String?
    var lattice: PixelLattice
    var panes: [PaneSnapshot]
    /// The lattice point under the cursor at the pixel spacing.
    var cursorPoint: SurfacePoint

    init(title: String, viewport: Viewport, lattice: PixelLattice, panes: [PaneSnapshot]) {
        self.title = title
        self.viewport = viewport
        self.lattice = lattice
        self.panes = panes
        let cursor = lattice.cursor
        if lattice.width > 0, lattice.height > 0 {
            cursorPoint = lattice.point(x: cursor.x, y: cursor.y, offset: 0)
        } else {
            cursorPoint = SurfacePoint(alpha: viewport.centerAlpha, beta: viewport.centerBeta)
        }
    }

    /// The value under the cursor in the active pane.
    var cursorValue: PointValue? {
        panes.indices.contains(activePane) ? panes[activePane].cursorValue : nil
    }

    /// The points still to compute across all panes.
    var pendingCount: Int { panes.reduce(0) { $0 + $1.pendingCount } }

    /// The points computed per second across all panes.
    var pointsPerSecond: Double { panes.reduce(0) { $0 + $1.pointsPerSecond } }
}
