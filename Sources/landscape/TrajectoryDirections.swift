import Engine
import Foundation
import Formats

/// `landscape directions --pca FOLDER`: the two principal directions of a training run's
/// checkpoints, saved in the layout of the random directions.
enum TrajectoryDirections {
    /// Computes the directions of the checkpoints in `folder`, writes them to `out` and
    /// prints the explained variances and each checkpoint's coordinates.
    ///
    /// - Throws: `FormatError` when a checkpoint is unreadable or of another architecture,
    ///   or the checkpoints do not span a plane; `UsageError` for an invalid `--ignore`.
    static func run(_ options: Arguments, folder: String, out: String) throws -> Int32 {
        let ignoreBiasAndNorm: Bool
        switch options.string("ignore") {
        case nil, "none": ignoreBiasAndNorm = false
        case "biasbn": ignoreBiasAndNorm = true
        case let text?:
            throw UsageError(description: "invalid --ignore '\(text)': expected none or biasbn")
        }
        let trajectory = try Trajectory(folder: folder)
        guard let pca = TrajectoryPCA(checkpoints: trajectory.models.map(\.parameters),
                                      ignoreBiasAndNorm: ignoreBiasAndNorm)
        else {
            throw FormatError(file: folder, message: "the checkpoints' offsets from the last "
                              + "one span fewer than two dimensions, expected a trajectory "
                              + "that is not a single line")
        }
        var entries = metadata(pca, trajectory)
        entries["ignore"] = ignoreBiasAndNorm ? "biasbn" : "none"
        try DirectionsFile.write(delta: pca.pc1, eta: pca.pc2, metadata: entries, to: out)
        printSummary(pca, names: trajectory.names)
        print("wrote \(out); explore it around \(trajectory.finalPath) with --dirs \(out)")
        return 0
    }

    /// Returns the metadata entries, with lists as JSON arrays in checkpoint order.
    static func metadata(_ pca: TrajectoryPCA, _ trajectory: Trajectory) -> [String: String] {
        [
            "pca": trajectory.folder,
            "center": trajectory.finalPath,
            "explained_variance_ratio": jsonNumbers(pca.explainedVarianceRatios),
            "checkpoints": "[" + trajectory.names.map(jsonString).joined(separator: ",") + "]",
            "projection_x": jsonNumbers(pca.projections.map(\.x)),
            "projection_y": jsonNumbers(pca.projections.map(\.y)),
            "residual_norm": jsonNumbers(pca.projections.map(\.residual)),
        ]
    }

    private static func printSummary(_ pca: TrajectoryPCA, names: [String]) {
        let ratios = pca.explainedVarianceRatios.map { format(100 * $0, 2) + "%" }
        print("pc1 explains \(ratios[0]) of the variance, pc2 \(ratios[1])")
        let width = max(10, names.map(\.count).max()! + 2)
        print(pad("checkpoint", width) + pad("x", 12) + pad("y", 12) + "residual")
        for (name, projection) in zip(names, pca.projections) {
            print(pad(name, width) + pad(format(projection.x, 4), 12)
                  + pad(format(projection.y, 4), 12) + format(projection.residual, 4))
        }
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.padding(toLength: max(width, text.count + 1), withPad: " ", startingAt: 0)
    }

    private static func jsonNumbers(_ values: [Double]) -> String {
        "[" + values.map { "\($0)" }.joined(separator: ",") + "]"
    }

    /// Returns `text` as a JSON string, escaping quotes, backslashes and control characters.
    private static func jsonString(_ text: String) -> String {
        var escaped = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case _ where scalar.value < 0x20:
                escaped += String(format: "\\u%04x", scalar.value)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped + "\""
    }
}
