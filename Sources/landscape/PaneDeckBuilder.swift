import Engine
import Foundation
import Formats
import Numerics
import Rendering
import Terminal

/// Builds the panes of `explore` and `render` from the command's models and options.
///
/// Every model gets directions from the same seed, normalized against its own weights. The
/// models are read at once, so a bad file stops the command before the terminal starts.
/// Each group's evaluators start only when the group is first shown.
struct PaneDeckBuilder {
    /// The bundled comparison that `landscape` with no model opens: small against large batch,
    /// with `w` switching both to the weight-decay runs.
    static let sampleRuns: [(name: String, models: [String])] = [
        ("weight decay 0", ["cnn-b128-wd0", "cnn-b4096-wd0"]),
        ("weight decay 5e-4", ["cnn-b128-wd5e-4", "cnn-b4096-wd5e-4"]),
    ]

    /// The samples of each non-convexity point: the first 100 of the data, or fewer when
    /// the loss map uses fewer, since one point costs up to `lanczosSteps` Hessian-vector
    /// products of about three gradients each.
    static let eigenSamples = 100
    /// The Lanczos steps of each non-convexity point.
    static let lanczosSteps = 20

    let directionOptions: DirectionOptions
    let dataSpec: String
    let data: Dataset
    let samples: Int
    /// The models of each training run; one run unless the bundled comparison is open.
    let runs: [(name: String, models: [LoadedModel])]

    /// The trajectory's principal components, and the overlay of its checkpoints, with
    /// `--trajectory DIR`.
    private(set) var trajectory: (pca: TrajectoryPCA, overlay: TrajectoryOverlay)?

    /// Reads the models and data that `options` name. With no model given, it opens the
    /// bundled comparison when `compareByDefault` is set and the default sample otherwise.
    init(_ options: Arguments, compareByDefault: Bool) throws {
        directionOptions = try DirectionOptions(options)
        let paths = options.positionals
        guard paths.count <= 4 else {
            throw UsageError(description: "at most 4 models side by side, got \(paths.count)")
        }
        let trajectoryFolder = options.string("trajectory")
        if trajectoryFolder != nil,
           !paths.isEmpty || DirectionOptions.names.contains(where: { options.string($0) != nil }) {
            throw UsageError(description: "--trajectory DIR takes its model and directions "
                             + "from the folder, so it takes no MODEL, --norm, --ignore, "
                             + "--seed or --dirs")
        }
        if let trajectoryFolder {
            let run = try Trajectory(folder: trajectoryFolder)
            runs = [("", [try LoadedModel(path: run.finalPath)])]
        } else if !paths.isEmpty {
            runs = [("", try paths.map(LoadedModel.init(path:)))]
        } else if compareByDefault {
            let folder = SampleModels.folder()
            runs = try PaneDeckBuilder.sampleRuns.map { run in
                (run.name, try run.models.map {
                    try LoadedModel(path: folder + "/" + $0 + ".safetensors")
                })
            }
        } else {
            runs = [("", [try LoadedModel(path: SampleModels.defaultModelPath)])]
        }
        dataSpec = options.string("data") ?? "fashion-mnist:test"
        data = try DatasetSpec.load(dataSpec)
        samples = try SampleCount.parse(options.string("samples"), available: data.count,
                                        default: 1000)
        for run in runs {
            for model in run.models { try model.check(fits: data, named: dataSpec) }
            for model in run.models where directionOptions.directionsPath != nil {
                _ = try directionOptions.directions(for: model.model.parameters)
            }
        }
        if let trajectoryFolder {
            trajectory = try PaneDeckBuilder.trajectory(
                Trajectory(folder: trajectoryFolder), network: runs[0].models[0].network,
                samples: data.prefix(samples))
        }
    }

    /// Computes the principal components of `run` and the overlay of its checkpoints, each
    /// with its own loss on `samples`.
    ///
    /// - Throws: `FormatError` when the checkpoints span fewer than two directions.
    private static func trajectory(_ run: Trajectory, network: Network, samples: Dataset)
        throws -> (pca: TrajectoryPCA, overlay: TrajectoryOverlay)
    {
        guard let pca = TrajectoryPCA(checkpoints: run.models.map(\.parameters)) else {
            throw FormatError(file: run.folder, message: "the checkpoints lie on one line or "
                              + "closer, expected offsets from the last that span a plane")
        }
        let marks = zip(zip(run.names, run.models), pca.projections).map { named, point in
            let (name, model) = named
            let own = evaluate(network, parameters: model.parameters, buffers: model.buffers,
                               on: samples)
            let label = name.hasSuffix(".safetensors") ? String(name.dropLast(12)) : name
            return TrajectoryOverlay.Mark(label: label, x: point.x, y: point.y,
                                          residual: point.residual, ownLoss: Float(own.loss))
        }
        let ratios = pca.explainedVarianceRatios.map {
            NumberText.fixed($0 * 100, decimals: 1) + "%"
        }
        let overlay = TrajectoryOverlay(marks: marks,
                                        axisNames: ("pc1 " + ratios[0], "pc2"))
        return (pca, overlay)
    }

    /// Returns the half-width that shows every checkpoint: the smallest power of two above
    /// 1.2 times the largest coordinate.
    private static func halfWidth(showing marks: [TrajectoryOverlay.Mark]) -> Double {
        let largest = marks.map { max(abs($0.x), abs($0.y)) }.max() ?? 1
        return exp2(min(max(log2(max(largest * 1.2, 1e-9)).rounded(.up), -20), 10))
    }

    /// The normalizations `n` cycles through, starting with the chosen one; only that one
    /// when the directions come from a file.
    var normalizations: [Normalization] {
        guard directionOptions.directionsPath == nil, trajectory == nil else {
            return [directionOptions.normalization]
        }
        let all = Normalization.allCases
        let start = all.firstIndex(of: directionOptions.normalization) ?? 0
        return (0..<all.count).map { all[(start + $0) % all.count] }
    }

    /// Returns the deck whose groups evaluate on background threads.
    func deck() -> PaneDeck {
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let paneCount = runs[0].models.count
        let workers = max(1, cores / paneCount)
        if cores > 1 { BLAS.setThreadCount(1) }
        let normalizations = self.normalizations
        return PaneDeck(normalizations: normalizations.map(\.rawValue),
                        runs: runs.map(\.name)) { normalization, run in
            self.group(normalization: normalizations[normalization], run: run,
                       workers: workers)
        }
    }

    /// Returns the group of one normalization and run, its evaluators started.
    func group(normalization: Normalization, run: Int, workers: Int) -> PaneGroup {
        var options = directionOptions
        options.normalization = normalization
        var halfWidth = 1.0
        let models = runs[run].models
        let panes = models.enumerated().map { index, loaded -> ExplorerPane in
            // The directions were checked when the models were read, so this cannot throw.
            var (delta, eta) = (try? options.directions(for: loaded.model.parameters))
                ?? (loaded.model.parameters.zeros(), loaded.model.parameters.zeros())
            if let trajectory {
                (delta, eta) = (trajectory.pca.pc1, trajectory.pca.pc2)
                halfWidth = PaneDeckBuilder.halfWidth(showing: trajectory.overlay.marks)
            } else if index == 0, options.directionsPath == nil {
                halfWidth = PaneDeckBuilder.viewHalfWidth(theta: loaded.model.parameters,
                                                          direction: delta)
            }
            let function = SurfaceFunction(network: loaded.network,
                                           center: loaded.model.parameters,
                                           delta: delta, eta: eta,
                                           samples: data.prefix(samples),
                                           buffers: loaded.model.buffers)
            let evaluator = SurfaceEvaluator(
                function: function, workers: workers, summary: loaded.displayName,
                store: SurfaceStore.standard(for: function, extra: ["metric=loss"]))
            let eigenFunction = SurfaceFunction(
                network: loaded.network, center: loaded.model.parameters, delta: delta,
                eta: eta, samples: data.prefix(min(samples, PaneDeckBuilder.eigenSamples)),
                buffers: loaded.model.buffers)
            var eigen = EigenRatioFunction(surface: eigenFunction)
            eigen.steps = PaneDeckBuilder.lanczosSteps
            let eigenSource = SurfaceEvaluator(
                evaluate: { eigen($0).packed }, workers: workers, summary: loaded.displayName,
                store: SurfaceStore.standard(for: eigenFunction, extra: [
                    "metric=eigen-ratio", "steps=\(eigen.steps)", "seed=\(eigen.seed)",
                ]))
            return ExplorerPane(title: loaded.displayName, source: evaluator,
                                eigenSource: eigenSource)
        }
        var parts = [dataSpec, "\(samples) samples", options.summary]
        if trajectory != nil {
            let ratios = trajectory?.pca.explainedVarianceRatios ?? [0, 0]
            parts[2] = "directions pc1 " + NumberText.fixed(ratios[0] * 100, decimals: 1)
                + "%, pc2 " + NumberText.fixed(ratios[1] * 100, decimals: 1)
                + "% of the run's variance"
        }
        if models.count == 1 { parts.insert(models[0].displayName, at: 0) }
        if !runs[run].name.isEmpty { parts.append(runs[run].name) }
        return PaneGroup(summary: parts.joined(separator: " | "), panes: panes,
                         halfWidth: halfWidth, trajectory: trajectory?.overlay)
    }

    /// Returns the half-width of the first view: the power of two nearest ‖θ‖ / ‖δ‖ over
    /// the tensors that δ moves.
    ///
    /// It is 1 for filter and layer normalization, whose directions have the norm of θ, and
    /// shrinks the view for raw Gaussian directions, so that every normalization opens on a
    /// step of about the size of the weights.
    static func viewHalfWidth(theta: Parameters, direction: Parameters) -> Double {
        var thetaSquares = 0.0
        var directionSquares = 0.0
        for name in theta.names {
            guard let d = direction[name], let t = theta[name],
                  d.data.contains(where: { $0 != 0 }) else { continue }
            thetaSquares += t.data.reduce(0) { $0 + Double($1) * Double($1) }
            directionSquares += d.data.reduce(0) { $0 + Double($1) * Double($1) }
        }
        guard thetaSquares > 0, directionSquares > 0 else { return 1 }
        let exponent = (0.5 * log2(thetaSquares / directionSquares)).rounded()
        return exp2(min(max(exponent, -20), 10))
    }
}
