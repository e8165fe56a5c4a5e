import Engine
import Foundation
import Formats
import Numerics

/// `landscape bench`: surface cells per second, and how close the forward pass comes to the
/// machine's SGEMM peak.
enum BenchCommand {
    static let usage = """
        usage: landscape bench [MODEL...] [--samples N,N...] [--seconds S] [--data SPEC]

          MODEL            model files (default: every .safetensors in the sample-models
                           folder)
          --samples N,...  samples per cell, one measurement each (default 1000,10000)
          --seconds S      time per measurement (default 5)
          --data SPEC      fashion-mnist:test (default), fashion-mnist:train, or
                           IMAGES,LABELS (IDX files)

        For each model and sample count, the cells per second with one worker and with one
        worker per core, the GFLOP/s they imply (2·MACs of the conv and dense layers per
        sample, also for rows with the first-layer shortcut, which computes fewer), and
        that as a share of the SGEMM peak with as many threads. The peaks are timed in the
        same run, as float32 products of order 2048. Then the time a 51x51 grid on 10,000
        samples takes at the best rate.
        Rows marked +shortcut use the first-layer shortcut, for models whose first layer
        with weights is dense or conv2d, when its three stored products fit in 256 MiB. The
        time to compute the products once is not counted.
        'landscape bench --eigen' times points of the eigen-ratio map instead.
        """

    static func run(_ arguments: [String]) throws -> Int32 {
        if arguments.contains("--eigen") {
            return try EigenBench.run(arguments.filter { $0 != "--eigen" })
        }
        if arguments.contains("--help") {
            print(usage)
            return 0
        }
        let options = try Arguments(arguments, valued: ["samples", "seconds", "data"])
        let sampleCounts = try parseSampleCounts(options.string("samples") ?? "1000,10000")
        let seconds = Double(try options.float("seconds", default: 5, in: 0.1...3600,
                                               expected: "seconds from 0.1 to 3600"))
        let paths = options.positionals.isEmpty ? try sampleModelPaths() : options.positionals
        let dataSpec = options.string("data") ?? "fashion-mnist:test"
        let data = try DatasetSpec.load(dataSpec)
        // Every model is read and checked before the peaks are timed, so a bad file fails
        // at once.
        for path in paths {
            try LoadedModel(path: path).check(fits: data, named: dataSpec)
        }
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)

        var peaks: [Int: Double] = [:]
        for threads in Set([1, cores]).sorted() {
            peaks[threads] = SGEMMPeak.measure(threads: threads)
            print("SGEMM peak \(format(peaks[threads]!, 1)) GFLOP/s with \(threads) "
                  + (threads == 1 ? "thread" : "threads") + " (order 2048)")
        }
        print("data \(dataSpec), \(format(seconds, 1)) s per measurement")
        print("convolutions: \(CPUFeatures.convolutionPath)")
        if CPUFeatures.supportsVectorKernels {
            print("GFLOP/s count a direct convolution's operations; Winograd does fewer, so "
                  + "the share may pass 100%")
        }
        print(BenchRow.header)
        var estimates: [String] = []
        for path in paths {
            let loaded = try LoadedModel(path: path)
            try loaded.check(fits: data, named: dataSpec)
            let rows = try sampleCounts.flatMap { samples in
                try measure(loaded, data: data, samples: samples, seconds: seconds,
                            peaks: peaks)
            }
            if let row = fastestOfLargest(rows) { estimates.append(gridEstimate(row)) }
        }
        estimates.forEach { print($0) }
        return 0
    }

    /// Measures one model at one sample count with each worker count of `peaks` (one, and
    /// one per core), and prints each row as it is done.
    private static func measure(_ loaded: LoadedModel, data: Dataset, samples: Int,
                                seconds: Double, peaks: [Int: Double]) throws -> [BenchRow] {
        let function = try makeFunction(loaded, data: data, samples: samples)
        var variants: [(name: String, evaluate: (SurfacePoint) -> PointValue)] = [
            (loaded.displayName, { function($0) }),
        ]
        if let shortcut = FirstLayerShortcut(function) {
            variants.append((loaded.displayName + " +shortcut", { shortcut($0) }))
        } else if let bytes = FirstLayerShortcut.productBytes(function),
                  bytes > FirstLayerShortcut.defaultMaxProductBytes {
            print("\(loaded.displayName) +shortcut at \(function.samples.count) samples: "
                  + "skipped, its products would take \(bytes >> 20) MiB, above the "
                  + "\(FirstLayerShortcut.defaultMaxProductBytes >> 20) MiB cap")
        }
        var rows: [BenchRow] = []
        for variant in variants {
            for (workers, peak) in peaks.sorted(by: { $0.key < $1.key }) {
                let rate = cellsPerSecond(variant.evaluate, workers: workers, seconds: seconds)
                let row = BenchRow(
                    model: variant.name, samples: function.samples.count, workers: workers,
                    cellsPerSecond: rate,
                    flopsPerSample: ForwardCost.flopsPerSample(loaded.network),
                    peak: peak)
                print(row.text)
                rows.append(row)
            }
        }
        return rows
    }

    /// Returns the fastest row among those with the largest sample count.
    private static func fastestOfLargest(_ rows: [BenchRow]) -> BenchRow? {
        guard let largest = rows.map(\.samples).max() else { return nil }
        return rows.filter { $0.samples == largest }.max { $0.cellsPerSecond < $1.cellsPerSecond }
    }

    /// Returns the line that states the time of a 51x51 grid on 10,000 samples, at the
    /// faster worker count of the largest sample count measured. Below 10,000 samples, it
    /// assumes that a cell's time grows linearly with its samples.
    private static func gridEstimate(_ row: BenchRow) -> String {
        let cellsPerSecond = row.cellsPerSecond * Double(row.samples) / 10_000
        let seconds = 2601 / cellsPerSecond
        let basis = row.samples == 10_000 ? "measured" : "scaled from \(row.samples) samples"
        return "\(row.model): a 51x51 grid on 10,000 samples takes about "
            + "\(format(seconds, 0)) s (\(format(seconds / 60, 1)) min) with \(row.workers) "
            + (row.workers == 1 ? "worker, " : "workers, ") + basis
    }

    private static func makeFunction(_ loaded: LoadedModel, data: Dataset,
                                     samples: Int) throws -> SurfaceFunction {
        let (delta, eta) = Directions.pair(like: loaded.model.parameters, seed: 1)
        return SurfaceFunction(network: loaded.network, center: loaded.model.parameters,
                               delta: delta, eta: eta, samples: data.prefix(samples),
                               buffers: loaded.model.buffers)
    }

    /// Evaluates cells of a 51x51 grid for about `seconds` and returns the rate.
    ///
    /// Workers take no new cell after the deadline, and the cells already started are
    /// counted with the time they take to finish.
    private static func cellsPerSecond(_ evaluate: @escaping (SurfacePoint) -> PointValue,
                                       workers: Int, seconds: Double) -> Double {
        let values = try! GridAxis(minimum: -1, maximum: 1, count: 51).values
        let points = values.flatMap { beta in
            values.map { SurfacePoint(alpha: $0, beta: beta) }
        }
        let evaluation = GridEvaluation(evaluate: evaluate, points: points)
        let result = evaluation.run(workers: workers,
                                    deadline: Date().addingTimeInterval(seconds))
        return Double(result.evaluations) / result.elapsed
    }

    private static func parseSampleCounts(_ text: String) throws -> [Int] {
        let counts = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { Int($0) }
        guard !counts.isEmpty, counts.allSatisfy({ ($0 ?? 0) >= 1 }) else {
            throw UsageError(description: "invalid --samples '\(text)': expected positive "
                             + "integers separated by commas, such as 1000,10000")
        }
        return counts.map { $0! }
    }

    private static func sampleModelPaths() throws -> [String] {
        let folder = SampleModels.folder()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let models = names.filter { $0.hasSuffix(".safetensors") }.sorted()
        guard !models.isEmpty else {
            throw UsageError(description: "no .safetensors models in \(folder); "
                             + "name MODEL files or set LANDSCAPE_SAMPLES")
        }
        return models.map { folder + "/" + $0 }
    }
}
