import Engine
import Formats
import Rendering

/// Writes the interpolation view to files: the screen through `ViewExporter`'s writers,
/// and the curve values of the window as CSV.
struct CurveExporter {
    var screens = ViewExporter()

    /// Writes `<stem>.txt`, `.ansi`, `.svg`, `.png` and `.csv` and returns the stem's path.
    ///
    /// - Throws: `FormatError` naming the file that could not be written.
    func export(screen grid: CellGrid, points: [CurveSnapshot.Point]) throws -> String {
        let stem = screens.uniqueStem()
        for format in ViewExporter.Format.allCases where format != .csv {
            try screens.writeScreen(format, screen: grid, to: stem + "." + format.rawValue)
        }
        try FileBytes.writeAtomically(Array(CurveExporter.csv(points).utf8),
                                      to: stem + ".csv")
        return stem
    }

    /// The CSV header, the same as `landscape interpolate` writes.
    static let header =
        "t,train_loss,train_accuracy,test_loss,test_accuracy,negative_variances"

    /// Returns one row per point, left to right. Loss is in nats and accuracy a fraction,
    /// each the shortest text of its Float. A pending value has empty fields, and an
    /// invalid point has nan values and its number of negative running variances.
    ///
    /// t is rounded to the shortest decimal within 1e-9 of the smallest gap between
    /// neighbouring points, so that -0.5 + 32 · 0.005 reads -0.34.
    static func csv(_ points: [CurveSnapshot.Point]) -> String {
        let gaps = zip(points.dropFirst(), points).map { abs($0.t - $1.t) }.filter { $0 > 0 }
        let tolerance = (gaps.min() ?? 0) * 1e-9
        var lines = [header]
        for point in points {
            let t = Double(NumberText.shortest(point.t, tolerance: tolerance)) ?? point.t
            let fields = [field(point.train), field(point.test)]
            let channels = point.negativeVariances
                ?? (point.train != nil && point.test != nil ? 0 : nil)
            lines.append("\(t)," + fields.joined(separator: ",") + ","
                         + (channels.map(String.init) ?? ""))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func field(_ value: PointValue?) -> String {
        guard let value else { return "," }
        return "\(value.loss),\(value.accuracy)"
    }
}
