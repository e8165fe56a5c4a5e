import Engine

/// The quantity a heatmap shows, switched with `m`.
enum Metric: CaseIterable {
    case loss
    case accuracy

    /// The quantity's value at a point, accuracy in percent.
    func value(of point: PointValue) -> Float {
        switch self {
        case .loss: return point.loss
        case .accuracy: return point.accuracy * 100
        }
    }

    /// The name in the status line and the help.
    var name: String {
        switch self {
        case .loss: return "loss"
        case .accuracy: return "accuracy %"
        }
    }

    /// The next metric in the cycle.
    var next: Metric {
        let all = Metric.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}
