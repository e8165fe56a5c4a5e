import Engine

/// Everything one frame of the interpolation view shows, read from the state and the
/// sources, so that composing the frame is a pure function.
struct CurveSnapshot {
    /// The values at one t of the window: nil while pending.
    struct Point {
        var t: Double
        var train: PointValue?
        var test: PointValue?
        /// BatchNorm channels with a negative running variance, or nil for a valid or
        /// pending point.
        var negativeVariances: Int?

        init(t: Double, train: PointValue? = nil, test: PointValue? = nil,
             negativeVariances: Int? = nil) {
            self.t = t
            self.train = train
            self.test = test
            self.negativeVariances = negativeVariances
        }
    }

    var title: String
    var view: CurveView
    /// The points of the window, left to right: one per index of `view.indices`.
    var points: [Point]
    /// The names of the two models, which label the marks at t = 0 and t = 1.
    var startName: String
    var endName: String
    var pendingCount = 0
    var pointsPerSecond = 0.0
    /// A message for the status line, such as the names of exported files.
    var notice: String?
    var logScale = false
    var helpVisible = false

    init(title: String, view: CurveView, points: [Point], startName: String,
         endName: String) {
        self.title = title
        self.view = view
        self.points = points
        self.startName = startName
        self.endName = endName
    }

    /// The point under the cursor, or nil when the cursor's index has no point here.
    var cursorPoint: Point? {
        let offset = view.cursor - view.indices.lowerBound
        return points.indices.contains(offset) ? points[offset] : nil
    }

    /// The number of points of the window that have no value because of a negative
    /// running variance.
    var invalidCount: Int {
        points.filter { $0.negativeVariances != nil }.count
    }
}
