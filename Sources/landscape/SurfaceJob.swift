import Engine
import Foundation
import Formats

/// One headless grid run: resume from the sidecar file, evaluate, write the output.
struct SurfaceJob {
    /// The function that computes one point, called from several threads at once. For the
    /// eigen-ratio metric it returns `EigenRatioValue.packed`.
    let evaluate: (SurfacePoint) -> PointValue
    let metric: SurfaceMetric
    let xAxis: GridAxis
    let yAxis: GridAxis
    let out: String
    let workers: Int
    /// Names everything that changes the values. A sidecar file with another key is ignored.
    let key: String
    let metadata: [String: String]

    /// Seconds between two writes of the sidecar file.
    static let checkpointInterval = 3.0

    /// The sidecar file with the finished points of an unfinished run.
    var partialPath: String { out + ".partial" }

    /// Computes the missing points and writes `out`, or the sidecar file when stopped early.
    ///
    /// Two environment variables serve tests: `LANDSCAPE_STOP_AFTER=K` stops after K points
    /// computed in this run (exit status 1, as an interrupted run), and
    /// `LANDSCAPE_COUNT_EVALUATIONS=1` prints the number of points computed on stderr.
    func run() throws -> Int32 {
        let alphas = xAxis.decimalValues, betas = yAxis.decimalValues
        let points = betas.flatMap { beta in
            alphas.map { SurfacePoint(alpha: $0, beta: beta) }
        }
        let done = try resumedValues(count: points.count)
        let environment = ProcessInfo.processInfo.environment
        let stopAfter = environment["LANDSCAPE_STOP_AFTER"].flatMap { Int($0) } ?? .max

        let evaluation = GridEvaluation(evaluate: evaluate, points: points, done: done)
        let meter = ProgressMeter(total: points.count)
        var lastCheckpoint = Date()
        let result = evaluation.run(workers: workers, maxEvaluations: stopAfter) { progress in
            let finished = progress.values.reduce(0) { $0 + ($1 == nil ? 0 : 1) }
            meter.update(done: finished, computed: progress.evaluations,
                         elapsed: progress.elapsed)
            if Date().timeIntervalSince(lastCheckpoint) > Self.checkpointInterval {
                try? PartialGrid(key: key, values: progress.values).write(to: partialPath)
                lastCheckpoint = Date()
            }
        }
        meter.clear()
        if environment["LANDSCAPE_COUNT_EVALUATIONS"] != nil {
            FileHandle.standardError.write(Data("evaluations \(result.evaluations)\n".utf8))
        }
        return try finish(result.values, alphas: alphas, betas: betas)
    }

    /// Writes the output when every point is done, otherwise the sidecar file.
    private func finish(_ values: [PointValue?], alphas: [Double],
                        betas: [Double]) throws -> Int32 {
        let finished = values.compactMap { $0 }
        guard finished.count == values.count else {
            try PartialGrid(key: key, values: values).write(to: partialPath)
            CommandLineTool.printError("stopped after \(finished.count) of \(values.count) "
                                       + "points; run the same command again to resume")
            return 1
        }
        switch metric {
        case .loss:
            let table = SurfaceTable(alphas: alphas, betas: betas, loss: finished.map(\.loss),
                                     accuracy: finished.map(\.accuracy))
            try SurfaceFile.write(table, metadata: metadata, to: out)
        case .eigenRatio:
            try EigenRatioOutput.write(finished.map(EigenRatioValue.init(packed:)),
                                       alphas: alphas, betas: betas, metadata: metadata,
                                       to: out)
        }
        try? FileManager.default.removeItem(atPath: partialPath)
        print("wrote \(out) (\(alphas.count) x \(betas.count) points)")
        return 0
    }

    /// Returns the finished values of an earlier run with the same key, or nil.
    ///
    /// A sidecar file with another key or damaged contents is replaced by this run's, with a
    /// one-line note on stderr, and the run starts afresh.
    private func resumedValues(count: Int) throws -> [PointValue?]? {
        let partial: PartialGrid?
        do {
            partial = try PartialGrid.read(path: partialPath, count: count)
        } catch let error as FormatError {
            note("replacing \(partialPath), starting afresh: \(error.message)")
            return nil
        }
        guard let partial else { return nil }
        guard partial.key == key else {
            note("replacing \(partialPath), starting afresh: it was made with other options")
            return nil
        }
        let finished = partial.values.reduce(0) { $0 + ($1 == nil ? 0 : 1) }
        note("resuming from \(partialPath): \(finished) of \(count) points already computed")
        return partial.values
    }

    private func note(_ message: String) {
        FileHandle.standardError.write(Data("landscape: note: \(message)\n".utf8))
    }
}
