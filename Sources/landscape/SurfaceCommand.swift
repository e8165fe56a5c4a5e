import Engine
import Foundation
import Formats
import Numerics

/// `landscape surface` and `landscape line`: a grid of loss values computed without a
/// terminal and written to a file.
enum SurfaceCommand {
    /// Whether the command computes a 2D surface or a 1D line along δ (β = 0).
    enum Shape {
        case surface, line

        var name: String { self == .surface ? "surface" : "line" }
    }

    static func usage(_ shape: Shape) -> String {
        let yOption = shape == .surface ? " [--y A:B:N]" : ""
        let yHelp = shape == .surface
            ? "  --y MIN:MAX:NUM  β values, as --x (default -1:1:51)\n" : ""
        return """
            usage: landscape \(shape.name) MODEL --out FILE [--data SPEC] [--x A:B:N]\(yOption)
                   [--samples N|all] [--workers N] [--norm NAME] [--ignore NAME] [--seed N]
                   [--dirs FILE] [--shortcut] [--metric NAME] [--lanczos-steps N]

              --out FILE       .csv, .npy or .safetensors; FILE.partial keeps finished
                               points so that rerunning an interrupted command resumes it
              --data SPEC      fashion-mnist:test (default), fashion-mnist:train, or
                               IMAGES,LABELS (IDX files)
              --x MIN:MAX:NUM  NUM evenly spaced α values from MIN to MAX (default -1:1:51)
            \(yHelp)  --samples N|all  evaluate each point on the first N samples (default all,
                               and 1000 for --metric eigen-ratio)
              --workers N      threads, one point each (default: one per core)
              --shortcut       compute the first dense or conv layer's products X·W, X·δ
                               and X·η once (only parameter-free layers before it, and
                               the three products within 256 MiB). Values then differ
                               in the last float32 digits. Loss only. It pays on dense
                               first layers; a conv first layer is faster without it.
              --metric NAME    loss (default): mean cross-entropy and accuracy; or
                               eigen-ratio: the smallest and largest eigenvalue of the
                               Hessian of the mean loss over the samples, by Lanczos on
                               Hessian-vector products, and |λ_min / λ_max|
              --lanczos-steps N  Hessian-vector products per eigen-ratio point at most
                               (default 20); each takes about three times as long as
                               one gradient
            \(DirectionOptions.usage)

            \(layoutHelp(shape))
            """
    }

    /// Returns the help paragraph on the output files' columns and array shapes.
    private static func layoutHelp(_ shape: Shape) -> String {
        let coordinates = """
            CSV coordinates are the shortest decimals within a billionth of a grid step of
            the exact values, so a 0.1 step reads -0.4. Diverged points are written as nan
            or inf.
            """
        guard shape == .line else {
            return """
                CSV has the header alpha,beta,loss,accuracy and one row per point, β outer and
                α inner. NPY is one float32 array [ny, nx, 4] of (alpha, beta, loss, accuracy).
                Safetensors has alpha [nx], beta [ny], loss and accuracy [ny, nx], and metadata.
                With --metric eigen-ratio the columns are alpha,beta,lambda_min,lambda_max,ratio
                (NPY [ny, nx, 5]; safetensors lambda_min, lambda_max and ratio [ny, nx]).
                """ + "\n" + coordinates
        }
        return """
            The line runs along δ with β = 0. CSV has the header alpha,beta,loss,accuracy
            and one row per α in increasing order, beta 0 in each. NPY is one float32
            array [1, nx, 4] of (alpha, beta, loss, accuracy). Safetensors has alpha [nx],
            beta [1], loss and accuracy [1, nx], and metadata. With --metric eigen-ratio
            the columns are alpha,beta,lambda_min,lambda_max,ratio (NPY [1, nx, 5];
            safetensors lambda_min, lambda_max and ratio [1, nx]).
            """ + "\n" + coordinates
    }

    static func run(_ arguments: [String], shape: Shape) throws -> Int32 {
        if arguments.contains("--help") {
            print(usage(shape))
            return 0
        }
        var valued = DirectionOptions.names.union(["out", "data", "x", "samples", "workers",
                                                   "metric", "lanczos-steps"])
        if shape == .surface { valued.insert("y") }
        let options = try Arguments(arguments, valued: valued, flags: ["shortcut"])
        let synopsis = "landscape \(shape.name) MODEL --out FILE"
        try options.expectPositionals(atMost: 1, usage: synopsis)
        guard let path = options.positionals.first else {
            throw UsageError(description: "missing MODEL; usage: \(synopsis)")
        }
        let job = try makeJob(options, modelPath: path, shape: shape)
        return try job.run()
    }

    private static func makeJob(_ options: Arguments, modelPath: String,
                                shape: Shape) throws -> SurfaceJob {
        guard let out = options.string("out") else {
            throw UsageError(description: "missing --out FILE (.csv, .npy or .safetensors)")
        }
        guard SurfaceFile.Kind(path: out) != nil else {
            throw UsageError(description: "invalid --out '\(out)': expected a name ending "
                             + "in .csv, .npy or .safetensors")
        }
        try OutputPath.check(out)
        let standard = try GridAxis(minimum: -1, maximum: 1, count: 51)
        let xAxis = try options.gridAxis("x", default: standard)
        let yAxis = shape == .surface ? try options.gridAxis("y", default: standard) : .zero
        guard xAxis.count * yAxis.count <= 10_000_000 else {
            throw UsageError(description: "invalid grid \(xAxis.count) x \(yAxis.count): "
                             + "expected at most 10,000,000 points (--x NUM times --y NUM)")
        }
        let directionOptions = try DirectionOptions(options)
        let workers = try options.int("workers",
                                      default: ProcessInfo.processInfo.activeProcessorCount)
        let metric = try SurfaceMetric.parse(options.string("metric"))
        let eigenOptions = try EigenRatioOptions(options, metric: metric)

        let loaded = try LoadedModel(path: modelPath)
        let dataSpec = options.string("data") ?? "fashion-mnist:test"
        let data = try DatasetSpec.load(dataSpec)
        try loaded.check(fits: data, named: dataSpec)
        let samples = try SampleCount.parse(options.string("samples"), available: data.count,
                                            default: metric.defaultSamples)
        let (delta, eta) = try directionOptions.directions(for: loaded.model.parameters)
        let function = SurfaceFunction(network: loaded.network, center: loaded.model.parameters,
                                       delta: delta, eta: eta, samples: data.prefix(samples),
                                       buffers: loaded.model.buffers)
        let shortcut = options.has("shortcut")
        var key = try resumeKey(loaded, dataSpec, samples, directionOptions, xAxis, yAxis)
        if shortcut { key += " shortcut" }
        var entries = metadata(loaded, dataSpec, samples, directionOptions, xAxis, yAxis)
        let evaluate: (SurfacePoint) -> PointValue
        if let eigenOptions {
            key += " " + eigenOptions.resumeKey
            entries.merge(eigenOptions.metadata) { $1 }
            let eigen = eigenOptions.function(function)
            evaluate = { eigen($0).packed }
        } else {
            evaluate = try evaluator(function, shortcut: shortcut, loaded)
        }
        return SurfaceJob(evaluate: evaluate, metric: metric, xAxis: xAxis, yAxis: yAxis,
                          out: out, workers: workers, key: key, metadata: entries)
    }

    /// Returns the plain surface function, or its first-layer shortcut with `--shortcut`.
    private static func evaluator(_ function: SurfaceFunction, shortcut: Bool,
                                  _ loaded: LoadedModel) throws
        -> (SurfacePoint) -> PointValue
    {
        guard shortcut else { return { function($0) } }
        guard let fast = FirstLayerShortcut(function) else {
            let size = FirstLayerShortcut.productBytes(function).map {
                ", and its products would take \($0 >> 20) MiB"
            } ?? ""
            throw UsageError(description: "--shortcut needs a first dense or conv2d layer "
                             + "with only parameter-free layers before it and products "
                             + "within \(FirstLayerShortcut.defaultMaxProductBytes >> 20) MiB; "
                             + "\(loaded.path) does not qualify\(size)")
        }
        return { fast($0) }
    }

    /// Returns the resume key, which names everything that changes the values: model bytes,
    /// data, samples, directions and grid.
    private static func resumeKey(_ loaded: LoadedModel, _ dataSpec: String, _ samples: Int,
                                  _ directions: DirectionOptions, _ xAxis: GridAxis,
                                  _ yAxis: GridAxis) throws -> String {
        var key = "model=\(try Fingerprint.ofFile(path: loaded.path)) data=\(dataSpec) "
            + "samples=\(samples) "
        if let path = directions.directionsPath {
            key += "dirs=\(try Fingerprint.ofFile(path: path)) "
        } else {
            key += "seed=\(directions.seed) norm=\(directions.normalization.rawValue) "
                + "ignore=\(directions.ignoreName) "
        }
        return key + "x=\(xAxis.text) y=\(yAxis.text)"
    }

    private static func metadata(_ loaded: LoadedModel, _ dataSpec: String, _ samples: Int,
                                 _ directions: DirectionOptions, _ xAxis: GridAxis,
                                 _ yAxis: GridAxis) -> [String: String] {
        var entries = directions.metadata
        entries["model"] = loaded.path
        entries["data"] = dataSpec
        entries["samples"] = "\(samples)"
        entries["x"] = xAxis.text
        entries["y"] = yAxis.text
        return entries
    }
}
