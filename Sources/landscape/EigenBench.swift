import Engine
import Foundation
import Formats
import Numerics

/// `landscape bench --eigen`: seconds per point of the eigen-ratio map.
enum EigenBench {
    static let usage = """
        usage: landscape bench --eigen [MODEL...] [--samples N] [--lanczos-steps N]
                                       [--points N] [--data SPEC]

          MODEL              model files (default: cnn-b128-wd0 and resnet-narrow from the
                             sample-models folder)
          --samples N        samples per point (default 500)
          --lanczos-steps N  Hessian-vector products per point (default 20, all of them
                             run: the early stop at a relative residual of 1e-3 is off)
          --points N         points timed per model, along α from 0 in steps of 0.1
                             (default 2)
          --data SPEC        fashion-mnist:test (default), fashion-mnist:train, or
                             IMAGES,LABELS (IDX files)

        For each model, one worker computes the points one after another with
        single-threaded BLAS (filter-normalized directions, seed 1), and the row gives
        the mean seconds per point, the seconds per Hessian-vector product, the seconds
        of one gradient of the loss on the same samples for comparison, and λ_min, λ_max
        and |λ_min / λ_max| at the first point.
        """

    static func run(_ arguments: [String]) throws -> Int32 {
        if arguments.contains("--help") {
            print(usage)
            return 0
        }
        let options = try Arguments(arguments, valued: ["samples", "lanczos-steps", "points",
                                                        "data"])
        let samples = try options.int("samples", default: 500)
        let steps = try options.int("lanczos-steps", default: 20, minimum: 2)
        let points = try options.int("points", default: 2)
        let paths = options.positionals.isEmpty
            ? ["cnn-b128-wd0", "resnet-narrow"].map { SampleModels.folder() + "/\($0).safetensors" }
            : options.positionals
        let dataSpec = options.string("data") ?? "fashion-mnist:test"
        let data = try DatasetSpec.load(dataSpec)
        BLAS.setThreadCount(1)

        print("data \(dataSpec), \(steps) Lanczos steps per point, 1 worker")
        print(pad("model", 22) + pad("samples", 9) + pad("s/point", 10) + pad("s/product", 11)
              + pad("s/gradient", 12) + pad("lambda_min", 12) + pad("lambda_max", 12)
              + "ratio")
        for path in paths {
            let loaded = try LoadedModel(path: path)
            let (delta, eta) = Directions.pair(like: loaded.model.parameters, seed: 1)
            let surface = SurfaceFunction(network: loaded.network,
                                          center: loaded.model.parameters, delta: delta,
                                          eta: eta, samples: data.prefix(samples),
                                          buffers: loaded.model.buffers)
            var function = EigenRatioFunction(surface: surface)
            function.steps = steps
            function.tolerance = 0
            print(try row(loaded.displayName, function, points: points))
        }
        return 0
    }

    /// Times `points` points and returns the table row.
    private static func row(_ name: String, _ function: EigenRatioFunction,
                            points: Int) throws -> String {
        var first: ExtremeEigenvalues?
        var products = 0
        let start = Date()
        for index in 0..<points {
            let result = function.eigenvalues(at: SurfacePoint(alpha: 0.1 * Double(index),
                                                               beta: 0))
            first = first ?? result
            products += result.steps
        }
        let seconds = Date().timeIntervalSince(start)
        let gradientSeconds = timeGradient(function.surface)
        let value = EigenRatioValue(lambdaMin: Float(first!.minimum),
                                    lambdaMax: Float(first!.maximum))
        return pad(name, 22) + pad("\(function.surface.samples.count)", 9)
            + pad(format(seconds / Double(points), 2), 10)
            + pad(format(seconds / Double(products), 3), 11)
            + pad(format(gradientSeconds, 3), 12)
            + pad(format(first!.minimum, 4), 12) + pad(format(first!.maximum, 3), 12)
            + format(Double(value.ratio), 4)
    }

    /// Returns the seconds of one `lossAndGradients` call on the surface's samples at θ.
    private static func timeGradient(_ surface: SurfaceFunction) -> Double {
        let start = Date()
        _ = surface.network.lossAndGradients(images: surface.samples.images,
                                             labels: surface.samples.labels,
                                             parameters: surface.center,
                                             buffers: surface.buffers)
        return Date().timeIntervalSince(start)
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.padding(toLength: max(width, text.count + 1), withPad: " ", startingAt: 0)
    }
}
