/// The width of the basin around α = 0 of a 1D loss curve f(α): the interval where the loss
/// stays under a threshold, k·f(0) or f(0) + d.
///
/// On a filter-normalized direction this is a sharpness measure that can be compared across
/// models, as Li et al. (2018) argue: a wider basin is a flatter minimum. The number means
/// little without its threshold, so the result carries it. A multiple k favours a model
/// with a high f(0), because its threshold is higher in absolute terms. An increase d
/// compares models with different f(0) on one absolute scale.
public struct BasinWidth: Equatable, Sendable {
    /// The point where the curve first reaches the threshold on one side of 0.
    public enum Edge: Equatable, Sendable {
        /// The crossing, as a signed α.
        case at(Double)
        /// The loss stays under the threshold up to this signed α, the end of the search.
        case beyond(Double)
        /// f(0) is NaN, infinite or negative, or 0 under a multiple, so there is no threshold.
        case undefined

        /// The signed α of the edge, or of the end of the search; nil when undefined.
        public var alpha: Double? {
            switch self {
            case let .at(alpha), let .beyond(alpha): return alpha
            case .undefined: return nil
            }
        }
    }

    /// The grid and tolerance of the edge search.
    public struct Search: Equatable, Sendable {
        /// The largest |α| examined on each side.
        public var range: Double
        /// The spacing of the outward walk; a crossing and recrossing between two grid
        /// points is not seen.
        public var step: Double
        /// The bracket width at which bisection stops. The reported edge is the bracket's
        /// middle, so it lies within `tolerance / 2` of a crossing.
        public var tolerance: Double

        public init(range: Double = 1, step: Double = 0.02, tolerance: Double = 1e-4) {
            precondition(range > 0 && step > 0 && tolerance > 0, "search sizes must be positive")
            self.range = range
            self.step = step
            self.tolerance = tolerance
        }
    }

    /// f(0).
    public var lossAtZero: Double
    /// The rule that sets the threshold from f(0).
    public enum Criterion: Equatable, Sendable {
        /// k·f(0), with k above 1.
        case multiple(Double)
        /// f(0) + d, with d above 0, in nats.
        case increase(Double)
    }

    public var criterion: Criterion
    public var left: Edge
    public var right: Edge
    /// Evaluations of f made, f(0) included.
    public var evaluations: Int

    /// The loss at which the basin ends: k·f(0) or f(0) + d.
    public var threshold: Double {
        switch criterion {
        case let .multiple(k): return k * lossAtZero
        case let .increase(d): return lossAtZero + d
        }
    }

    /// `right − left`, a lower bound when an edge is `beyond`, or nil when undefined.
    public var width: Double? {
        guard let left = left.alpha, let right = right.alpha else { return nil }
        return right - left
    }

    /// Whether `width` is only a lower bound, because the loss stayed under the threshold up
    /// to the end of the search on some side.
    public var isLowerBound: Bool {
        if case .beyond = left { return true }
        if case .beyond = right { return true }
        return false
    }

    /// Measures the basin of `loss` around 0.
    ///
    /// Each side is walked outward from 0 on a grid of `search.step` up to `search.range`.
    /// The first grid point where the loss is at least the threshold brackets the edge with
    /// the grid point before it. A NaN or infinite loss counts as above any threshold,
    /// because it means the network diverged. Bisection then narrows the bracket to
    /// `search.tolerance`.
    /// `loss` is called sequentially, left side first.
    ///
    /// - Parameters:
    ///   - multiple: k, which must exceed 1. The default 2 means "until the loss doubles".
    ///   - loss: f(α), such as the mean loss of a `SurfaceFunction` at (α, 0).
    public static func measure(multiple: Double = 2, search: Search = Search(),
                               loss: (Double) -> Double) -> BasinWidth {
        measure(.multiple(multiple), search: search, loss: loss)
    }

    /// Measures the basin of `loss` around 0 under `criterion`, as `measure(multiple:)` does.
    ///
    /// A multiple must exceed 1 and an increase must exceed 0.
    public static func measure(_ criterion: Criterion, search: Search = Search(),
                               loss: (Double) -> Double) -> BasinWidth {
        switch criterion {
        case let .multiple(k): precondition(k > 1, "the multiple must exceed 1")
        case let .increase(d): precondition(d > 0, "the increase must exceed 0")
        }
        let lossAtZero = loss(0)
        var result = BasinWidth(lossAtZero: lossAtZero, criterion: criterion, left: .undefined,
                                right: .undefined, evaluations: 1)
        guard lossAtZero.isFinite, lossAtZero >= 0 else { return result }
        if case .multiple = criterion, lossAtZero == 0 { return result }

        let threshold = result.threshold
        let left = edge(sign: -1, threshold: threshold, search: search, loss: loss)
        let right = edge(sign: 1, threshold: threshold, search: search, loss: loss)
        result.left = left.edge
        result.right = right.edge
        result.evaluations += left.evaluations + right.evaluations
        return result
    }

    /// Finds the edge on the side of `sign` (−1 or 1) and counts the evaluations.
    static func edge(sign: Double, threshold: Double, search: Search,
                     loss: (Double) -> Double) -> (edge: Edge, evaluations: Int) {
        func isOver(_ alpha: Double) -> Bool {
            let value = loss(alpha)
            return !value.isFinite || value >= threshold
        }

        let steps = Int((search.range / search.step).rounded(.up))
        var inside = 0.0
        var evaluations = 0
        for index in 1...steps {
            let distance = min(Double(index) * search.step, search.range)
            evaluations += 1
            guard isOver(sign * distance) else {
                inside = distance
                continue
            }
            var outside = distance
            while outside - inside > search.tolerance {
                let middle = (inside + outside) / 2
                evaluations += 1
                if isOver(sign * middle) { outside = middle } else { inside = middle }
            }
            return (.at(sign * (inside + outside) / 2), evaluations)
        }
        return (.beyond(sign * search.range), evaluations)
    }
}
