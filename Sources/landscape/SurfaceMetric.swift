import Engine
import Formats
import Numerics

/// The value that `landscape surface` and `line` compute at each point: `--metric`.
enum SurfaceMetric: String, CaseIterable {
    /// Mean cross-entropy and accuracy.
    case loss
    /// The extreme Hessian eigenvalues and |λ_min / λ_max|.
    case eigenRatio = "eigen-ratio"

    /// Samples per point when `--samples` is not given: the whole split for the loss, and
    /// 1000 for the eigen-ratio, whose points each cost up to `--lanczos-steps`
    /// Hessian-vector products of about three gradients' time each.
    var defaultSamples: Int? { self == .loss ? nil : 1000 }

    /// Parses `--metric`, `loss` when it is absent.
    static func parse(_ text: String?) throws -> SurfaceMetric {
        guard let text else { return .loss }
        guard let metric = SurfaceMetric(rawValue: text) else {
            throw UsageError(description: "invalid --metric '\(text)': expected loss or "
                             + "eigen-ratio")
        }
        return metric
    }
}

/// Writes an eigen-ratio grid as CSV, NPY or safetensors, chosen by the file extension.
///
/// - `.csv`: header `alpha,beta,lambda_min,lambda_max,ratio`, one row per point, β in the
///   outer loop and α in the inner one, numbers as `SurfaceFile` writes them.
/// - `.npy`: one float32 array `[ny, nx, 5]` of (alpha, beta, lambda_min, lambda_max, ratio).
/// - `.safetensors`: F32 tensors `alpha` `[nx]`, `beta` `[ny]`, and `lambda_min`,
///   `lambda_max` and `ratio` `[ny, nx]`, with the metadata.
enum EigenRatioOutput {
    /// Writes `values`, one per point in β-major order, to `path` atomically.
    ///
    /// - Throws: `FormatError` for an unknown extension or when the file cannot be written.
    static func write(_ values: [EigenRatioValue], alphas: [Double], betas: [Double],
                      metadata: [String: String], to path: String) throws {
        precondition(values.count == alphas.count * betas.count, "one value per point")
        switch SurfaceFile.Kind(path: path) {
        case .csv?:
            try FileBytes.writeAtomically(Array(csv(values, alphas, betas).utf8), to: path)
        case .npy?:
            let rows = zip(points(alphas, betas), values).flatMap { point, value in
                [Float(point.alpha), Float(point.beta), value.lambdaMin, value.lambdaMax,
                 value.ratio]
            }
            let bytes = NPY.encode(rows, shape: [betas.count, alphas.count, 5])
            try FileBytes.writeAtomically(bytes, to: path)
        case .safetensors?:
            let shape = [betas.count, alphas.count]
            let tensors = Parameters([
                ("alpha", Tensor(shape: [alphas.count], data: alphas.map(Float.init))),
                ("beta", Tensor(shape: [betas.count], data: betas.map(Float.init))),
                ("lambda_min", Tensor(shape: shape, data: values.map(\.lambdaMin))),
                ("lambda_max", Tensor(shape: shape, data: values.map(\.lambdaMax))),
                ("ratio", Tensor(shape: shape, data: values.map(\.ratio))),
            ])
            try Safetensors.write(tensors, metadata: metadata, to: path)
        case nil:
            throw FormatError(file: path, message: "unknown output type, expected a name "
                              + "ending in .csv, .npy or .safetensors")
        }
    }

    private static func points(_ alphas: [Double], _ betas: [Double]) -> [SurfacePoint] {
        betas.flatMap { beta in alphas.map { SurfacePoint(alpha: $0, beta: beta) } }
    }

    private static func csv(_ values: [EigenRatioValue], _ alphas: [Double],
                            _ betas: [Double]) -> String {
        var text = "alpha,beta,lambda_min,lambda_max,ratio\n"
        for (point, value) in zip(points(alphas, betas), values) {
            text += "\(point.alpha),\(point.beta),\(number(value.lambdaMin)),"
                + "\(number(value.lambdaMax)),\(number(value.ratio))\n"
        }
        return text
    }

    /// Returns the shortest exact text of `value`, and `nan` for every NaN, as the loss
    /// surface files write it.
    private static func number(_ value: Float) -> String {
        value.isNaN ? "nan" : "\(value)"
    }
}
