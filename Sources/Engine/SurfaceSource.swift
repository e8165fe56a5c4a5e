/// A point of the (α, β) plane: θ + α·δ + β·η.
public struct SurfacePoint: Hashable, Sendable {
    public var alpha: Double
    public var beta: Double

    public init(alpha: Double, beta: Double) {
        self.alpha = alpha
        self.beta = beta
    }
}

/// Mean cross-entropy loss and top-1 accuracy (a fraction in [0, 1]) at one point.
///
/// `loss` is infinite or NaN where the network diverged; the front must draw that distinctly.
public struct PointValue: Equatable, Sendable {
    public var loss: Float
    public var accuracy: Float

    public init(loss: Float, accuracy: Float) {
        self.loss = loss
        self.accuracy = accuracy
    }
}

/// Loss values computed in the background at the points the front requests.
///
/// Every member is safe to call from any thread and returns without waiting for a
/// computation, so the terminal front can call them on each frame.
public protocol SurfaceSource: AnyObject {
    /// Replaces every pending request with `points`, highest priority first.
    ///
    /// Points already computed are not computed again.
    func request(_ points: [SurfacePoint])

    /// Returns the value at `point`, or nil while it is pending or was never requested.
    func value(at point: SurfacePoint) -> PointValue?

    /// The number of requested points not yet computed.
    var pendingCount: Int { get }

    /// Points computed per second over the last few seconds.
    var pointsPerSecond: Double { get }

    /// One line for the title: model, data, samples, normalization and seed.
    var summary: String { get }

    /// Ends the background work and waits for the points being computed.
    func stop()

    /// A one-line message for the status line, such as a damaged store file, or nil.
    var notice: String? { get }
}
