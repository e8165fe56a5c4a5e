import Engine

/// The settings of an eigen-ratio run: `--lanczos-steps`, and the fixed Lanczos tolerance
/// and start-vector seed.
struct EigenRatioOptions {
    var steps = 20
    let tolerance = 1e-3
    let seed: UInt64 = 1

    /// Reads the options for `metric`: nil for the loss, which takes no `--lanczos-steps` and
    /// may take `--shortcut`.
    ///
    /// - Throws: `UsageError` for `--lanczos-steps` without the eigen-ratio metric or out of
    ///   range, and for `--shortcut` with it.
    init?(_ options: Arguments, metric: SurfaceMetric) throws {
        guard metric == .eigenRatio else {
            if options.string("lanczos-steps") != nil {
                throw UsageError(description: "--lanczos-steps applies to --metric "
                                 + "eigen-ratio only")
            }
            return nil
        }
        if options.has("shortcut") {
            throw UsageError(description: "--shortcut applies to --metric loss only, since "
                             + "the eigen-ratio needs the gradients of every layer")
        }
        steps = try options.int("lanczos-steps", default: 20, minimum: 2)
    }

    /// Returns the eigen-ratio function over the points of `surface`.
    func function(_ surface: SurfaceFunction) -> EigenRatioFunction {
        var function = EigenRatioFunction(surface: surface)
        function.steps = steps
        function.tolerance = tolerance
        function.seed = seed
        return function
    }

    /// The part of the resume key that these settings add.
    var resumeKey: String {
        "metric=eigen-ratio steps=\(steps) tolerance=\(tolerance) lanczos-seed=\(seed)"
    }

    var metadata: [String: String] {
        ["metric": "eigen-ratio", "lanczos_steps": "\(steps)",
         "lanczos_tolerance": "\(tolerance)", "lanczos_seed": "\(seed)"]
    }
}
