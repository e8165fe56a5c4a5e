import Foundation

/// The learning-rate schedule of a training run.
public enum LearningRateSchedule: Equatable, Sendable {
    /// The base rate throughout.
    case constant
    /// Half a cosine from the base rate down to zero over all steps of the run.
    case cosine
    /// The base rate times 0.1 for each listed epoch (counted from 1) already started.
    case step(epochs: [Int])

    /// Parses `constant`, `cosine` or `step:E1,E2,...`; returns nil for anything else.
    public init?(_ text: String) {
        switch text {
        case "constant": self = .constant
        case "cosine": self = .cosine
        default:
            guard text.hasPrefix("step:") else { return nil }
            let epochs = text.dropFirst(5).split(separator: ",").map { Int($0) }
            guard !epochs.isEmpty, epochs.allSatisfy({ ($0 ?? 0) >= 1 }) else { return nil }
            self = .step(epochs: epochs.map { $0! })
        }
    }

    /// Returns the rate for a step, given the base rate.
    ///
    /// - Parameters:
    ///   - epoch: the epoch of the step, from 1.
    ///   - fraction: the share of the whole run done before this step, in [0, 1).
    public func rate(base: Float, epoch: Int, fraction: Double) -> Float {
        switch self {
        case .constant:
            return base
        case .cosine:
            return base * Float(0.5 * (1 + cos(Double.pi * min(max(fraction, 0), 1))))
        case let .step(epochs):
            let drops = epochs.filter { epoch >= $0 }.count
            return base * Float(pow(0.1, Double(drops)))
        }
    }
}
