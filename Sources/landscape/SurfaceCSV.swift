import Formats
import Terminal

/// Reads a surface CSV that `landscape surface` wrote (a header naming `alpha`, `beta` and
/// value columns, then one row per point) into a grid for `GridPicture`.
enum SurfaceCSV {
    /// Returns the grid of `column`, or of `ratio` or `loss` when `column` is nil.
    ///
    /// - Throws: `FormatError` naming the file, and the line or column that is wrong.
    static func picture(path: String, column: String?, title: String) throws -> GridPicture {
        let text = String(decoding: try FileBytes.read(path: path), as: UTF8.self)
        var lines = text.split(separator: "\n").map(String.init)
        guard !lines.isEmpty else {
            throw FormatError(file: path, message: "empty, expected a header line such as "
                              + "alpha,beta,loss,accuracy")
        }

        let header = lines.removeFirst().split(separator: ",").map(String.init)
        guard let alphaIndex = header.firstIndex(of: "alpha"),
              let betaIndex = header.firstIndex(of: "beta") else {
            throw FormatError(file: path, message: "header '\(header.joined(separator: ","))'"
                              + " has no alpha and beta columns")
        }
        let name = column ?? (header.contains("ratio") ? "ratio" : "loss")
        guard let valueIndex = header.firstIndex(of: name) else {
            throw FormatError(file: path, message: "no column '\(name)', expected one of "
                              + header.joined(separator: ", "))
        }

        var points: [(alpha: Double, beta: Double, value: Float?)] = []
        for (offset, line) in lines.enumerated() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == header.count, let alpha = Double(fields[alphaIndex]),
                  let beta = Double(fields[betaIndex]) else {
                throw FormatError(file: path, message: "line \(offset + 2): expected "
                                  + "\(header.count) fields with numbers for alpha and beta")
            }
            points.append((alpha, beta, Float(fields[valueIndex])))
        }

        let alphas = Array(Set(points.map(\.alpha))).sorted()
        let betas = Array(Set(points.map(\.beta))).sorted()
        var values = Array(repeating: [Float?](repeating: nil, count: alphas.count),
                           count: betas.count)
        for point in points {
            let i = alphas.firstIndex(of: point.alpha)!
            let j = betas.firstIndex(of: point.beta)!
            values[j][i] = point.value
        }
        return GridPicture(alphas: alphas, betas: betas, values: values,
                           title: title + "  " + name)
    }
}
