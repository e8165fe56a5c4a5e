import Engine

/// The quantity a heatmap shows, switched with `m` or `v`.
enum Metric: CaseIterable {
    case loss
    case accuracy
    /// |λ_min / λ_max| of the loss's Hessian, from a pane's eigenvalue source.
    case nonConvexity

    /// Returns the quantity's value at a point, accuracy in percent. For `nonConvexity` the
    /// point is an eigenvalue source's `EigenRatioValue.packed` value.
    func value(of point: PointValue) -> Float {
        switch self {
        case .loss: return point.loss
        case .accuracy: return point.accuracy * 100
        case .nonConvexity: return EigenRatioValue(packed: point).ratio
        }
    }

    /// The name in the status line and the help.
    var name: String {
        switch self {
        case .loss: return "loss"
        case .accuracy: return "accuracy %"
        case .nonConvexity: return "non-convexity"
        }
    }

    /// The next metric in the cycle.
    var next: Metric {
        let all = Metric.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}
