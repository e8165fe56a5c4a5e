import Engine

/// The rows `landscape interpolate` writes, and the note on points without a loss.
enum InterpolationTable {
    /// The values at one t on both splits.
    struct Row {
        var t: Double
        var train: InterpolationFunction.Value
        var test: InterpolationFunction.Value
    }

    static let header =
        "t,train_loss,train_accuracy,test_loss,test_accuracy,negative_variances"

    /// Returns the CSV text: the header, then one row per t in the given order.
    ///
    /// Numbers are in Swift's shortest exact form of the Double, so `%.6f` of a loss gives
    /// the digits `landscape info` prints. NaN is written `nan` and infinity `inf`.
    static func csv(_ rows: [Row]) -> String {
        var text = header + "\n"
        for row in rows {
            let fields = ["\(row.t)", "\(row.train.loss)", "\(row.train.accuracy)",
                          "\(row.test.loss)", "\(row.test.accuracy)",
                          "\(row.train.negativeVariances)"]
            text += fields.joined(separator: ",") + "\n"
        }
        return text
    }

    /// Returns a sentence naming the t values whose point has a negative running variance,
    /// or nil when there are none.
    ///
    /// Each channel's interpolated variance is linear in t and non-negative at 0 and 1, so
    /// the invalid values are all t ≤ a below 0 and all t ≥ b above 1; the sentence names
    /// a and b.
    static func invalidNote(_ rows: [Row]) -> String? {
        let invalid = rows.filter { !$0.train.isValid }.map(\.t)
        guard !invalid.isEmpty else { return nil }
        var ranges: [String] = []
        if let below = invalid.filter({ $0 < 0 }).max() { ranges.append("t <= \(below)") }
        if let above = invalid.filter({ $0 > 1 }).min() { ranges.append("t >= \(above)") }
        let maxChannels = rows.map(\.train.negativeVariances).max() ?? 0
        return "\(invalid.count) of \(rows.count) points (\(ranges.joined(separator: " and ")))"
            + " have a negative BatchNorm running variance, in up to \(maxChannels) channels; "
            + "their loss and accuracy are written as nan"
    }
}
