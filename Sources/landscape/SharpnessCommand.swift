import Engine
import Foundation
import Formats
import Numerics

/// `landscape sharpness`: the basin width of each model on its 1D curve along δ.
enum SharpnessCommand {
    static let usage = """
        usage: landscape sharpness MODEL... [--multiple K | --increase D] [--data SPEC]
               [--samples N|all]
               [--range R] [--step S] [--tolerance T] [--workers N]
               [--norm NAME] [--ignore NAME] [--seed N] [--dirs FILE]

        Prints, for each model, the α interval around 0 where the loss along the direction
        δ stays under K times its value at 0 (or its value at 0 plus D), and its width: a
        wider basin is a flatter minimum. The curve is the one 'landscape line' computes
        with the same options. With one seed every model of one architecture gets the same
        draw, normalized against its own weights.

          --multiple K     the threshold as a multiple of the loss at 0, above 1 (default 2)
          --increase D     the threshold as the loss at 0 plus D nats, D above 0, so that
                           models with different losses at 0 share one absolute scale
          --data SPEC      fashion-mnist:test (default), fashion-mnist:train, or
                           IMAGES,LABELS (IDX files)
          --samples N|all  evaluate each point on the first N samples (default all)
          --range R        search |α| up to R on each side (default 1)
          --step S         spacing of the outward walk in α (default R/50)
          --tolerance T    bisection stops when the edge is known to within T in α
                           (default 0.0001); the table shows as many decimals
          --workers N      threads, one model each (default: one per core)
        \(DirectionOptions.usage)

        An edge that the loss never reaches within the range is shown as 'beyond -R' or
        'beyond R', and the width then as '>W', a lower bound. A NaN or infinite loss counts
        as above the threshold.
        """

    static func run(_ arguments: [String]) throws -> Int32 {
        if arguments.contains("--help") {
            print(usage)
            return 0
        }
        let valued = DirectionOptions.names.union(
            ["multiple", "increase", "data", "samples", "range", "step", "tolerance",
             "workers"])
        let options = try Arguments(arguments, valued: valued)
        guard !options.positionals.isEmpty else {
            throw UsageError(description: "missing MODEL; usage: landscape sharpness MODEL...")
        }
        let criterion = try self.criterion(options)
        let search = try searchOptions(options)
        let directions = try DirectionOptions(options)
        let workers = try options.int("workers",
                                      default: ProcessInfo.processInfo.activeProcessorCount)

        let models = try options.positionals.map { try LoadedModel(path: $0) }
        let dataSpec = options.string("data") ?? "fashion-mnist:test"
        let data = try DatasetSpec.load(dataSpec)
        for loaded in models { try loaded.check(fits: data, named: dataSpec) }
        let samples = data.prefix(try SampleCount.parse(options.string("samples"),
                                                        available: data.count))
        let functions = try models.map { loaded in
            let (delta, eta) = try directions.directions(for: loaded.model.parameters)
            return SurfaceFunction(network: loaded.network, center: loaded.model.parameters,
                                   delta: delta, eta: eta, samples: samples,
                                   buffers: loaded.model.buffers)
        }
        let results = ParallelMap.run(count: functions.count, workers: workers) { index in
            BasinWidth.measure(criterion, search: search) { alpha in
                Double(functions[index](SurfacePoint(alpha: alpha, beta: 0)).loss)
            }
        }

        let table = SharpnessTable(tolerance: search.tolerance, directions: directions,
                                   criterion: criterion)
        print("data \(dataSpec), \(samples.count) samples | \(directions.summary)")
        print("search |a| <= \(search.range), step \(search.step), "
              + "tolerance \(search.tolerance)")
        print(table.header)
        for (loaded, result) in zip(models, results) {
            print(table.row(loaded.displayName, result))
        }
        return 0
    }

    private static func criterion(_ options: Arguments) throws -> BasinWidth.Criterion {
        if options.string("increase") != nil {
            guard options.string("multiple") == nil else {
                throw UsageError(description: "--multiple and --increase both set the "
                                 + "threshold; give one of them")
            }
            return .increase(try options.double("increase", default: 1, in: 1e-9...1e6,
                                                expected: "a positive number of nats, such as "
                                                    + "0.5"))
        }
        return .multiple(try options.double("multiple", default: 2, in: 1.000001...1e6,
                                            expected: "a number above 1, such as 2"))
    }

    private static func searchOptions(_ options: Arguments) throws -> BasinWidth.Search {
        let range = try options.double("range", default: 1, in: 1e-6...1e6,
                                       expected: "a positive number of α units, such as 1")
        let step = try options.double("step", default: range / 50, in: 1e-9...range,
                                      expected: "a positive number up to --range")
        let tolerance = try options.double("tolerance", default: 1e-4, in: 1e-9...range,
                                           expected: "a positive number up to --range")
        return BasinWidth.Search(range: range, step: step, tolerance: tolerance)
    }
}
