import Engine
import Foundation

/// The table `landscape sharpness` prints: one row per model, in fixed-width columns.
struct SharpnessTable {
    /// The bisection tolerance, which sets the decimals of α values.
    let tolerance: Double
    let directions: DirectionOptions
    let criterion: BasinWidth.Criterion

    private static let widths = [22, 11, 12, 12, 12, 10]

    var header: String {
        line(["model", "loss_at_0", "left", "right", "width", criterionName, "normalization"])
    }

    /// Returns the row of one model, with α values to the tolerance's decimals.
    ///
    /// An edge the loss never reached is "beyond ±R" and its width ">W", a lower bound.
    /// Both edges and the width are "-" when the edges are undefined (see `BasinWidth`).
    func row(_ model: String, _ result: BasinWidth) -> String {
        let width = result.width.map { (result.isLowerBound ? ">" : "") + alpha($0) } ?? "-"
        return line([model, format(result.lossAtZero, 6), edge(result.left),
                     edge(result.right), width, criterionValue, normalization])
    }

    /// The header of the threshold column: k of k·f(0), or d of f(0) + d.
    private var criterionName: String {
        if case .increase = criterion { return "increase" }
        return "multiple"
    }

    private var criterionValue: String {
        switch criterion {
        case let .multiple(value), let .increase(value): return Self.plainNumber(value)
        }
    }

    private var normalization: String {
        directions.directionsPath == nil ? directions.normalization.rawValue : "from --dirs"
    }

    private func edge(_ edge: BasinWidth.Edge) -> String {
        switch edge {
        case let .at(value): return alpha(value)
        case let .beyond(value): return "beyond " + Self.plainNumber(value)
        case .undefined: return "-"
        }
    }

    private func alpha(_ value: Double) -> String {
        // The small offset keeps log10(1e-4), which may come out just above -4, at 4 decimals.
        let decimals = max(0, Int((-log10(tolerance) - 1e-9).rounded(.up)))
        return format(value, decimals)
    }

    /// Writes a number such as 2 or 1.5 without a trailing ".0".
    private static func plainNumber(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? "\(Int(value))" : "\(value)"
    }

    private func line(_ fields: [String]) -> String {
        var text = ""
        for (index, field) in fields.enumerated() {
            guard index < Self.widths.count else {
                text += field
                continue
            }
            let width = Self.widths[index]
            text += field.count >= width ? field + " "
                : field + String(repeating: " ", count: width - field.count)
        }
        return text
    }
}
