import Engine
import Formats

/// `landscape directions`: saves the random directions δ and η of a model for other tools.
enum DirectionsCommand {
    static let usage = """
        usage: landscape directions MODEL --out FILE.safetensors [--norm NAME] [--ignore NAME]
                                    [--seed N]
               landscape directions --pca FOLDER --out FILE.safetensors [--ignore NAME]

          --out FILE       where to write δ as tensors delta.<param> and η as eta.<param>
          --norm NAME      filter (default), layer, weight or none: how each random
                           direction is scaled against the model's weights
          --ignore NAME    biasbn (default: biases and other 1-D tensors stay still)
                           or none (they move as θ·(1 + α)); with --pca, none (default:
                           every tensor takes part) or biasbn (1-D tensors stay still)
          --seed N         seed of the two random directions (default 1)
          --pca FOLDER     instead of random directions, the first two principal
                           components of a training run: FOLDER holds its checkpoints as
                           .safetensors files of one architecture, and sorted by name the
                           last is the final model θ_T. The components of the offsets
                           θ_i − θ_T are mean-centred and unit length, not normalized. The
                           metadata stores each one's explained variance ratio and every
                           checkpoint's coordinates and residual norm off the plane.

        'landscape surface', 'line' and 'explore' load the file with --dirs FILE. Use the
        final checkpoint as MODEL with --pca directions, since they are offsets from it.
        """

    static func run(_ arguments: [String]) throws -> Int32 {
        if arguments.contains("--help") {
            print(usage)
            return 0
        }
        let options = try Arguments(arguments, valued: ["out", "norm", "ignore", "seed", "pca"])
        guard let out = options.string("out") else {
            throw UsageError(description: "missing --out FILE.safetensors")
        }
        guard SurfaceFile.Kind(path: out) == .safetensors else {
            throw UsageError(description: "invalid --out '\(out)': expected a name ending "
                             + "in .safetensors")
        }
        if let folder = options.string("pca") {
            try checkPCAOptions(options)
            return try TrajectoryDirections.run(options, folder: folder, out: out)
        }
        let synopsis = "landscape directions MODEL --out FILE.safetensors"
        try options.expectPositionals(atMost: 1, usage: synopsis)
        guard let path = options.positionals.first else {
            throw UsageError(description: "missing MODEL; usage: \(synopsis)")
        }
        let directionOptions = try DirectionOptions(options)
        let loaded = try LoadedModel(path: path)
        let (delta, eta) = try directionOptions.directions(for: loaded.model.parameters)
        var metadata = directionOptions.metadata
        metadata["model"] = path
        try DirectionsFile.write(delta: delta, eta: eta, metadata: metadata, to: out)
        print("wrote \(out)")
        return 0
    }

    /// Rejects a MODEL, `--norm` and `--seed` beside `--pca`, which takes none of them.
    private static func checkPCAOptions(_ options: Arguments) throws {
        if let model = options.positionals.first {
            throw UsageError(description: "--pca computes directions from the checkpoints "
                             + "alone, so it takes no MODEL, got '\(model)'")
        }
        if options.string("norm") != nil || options.string("seed") != nil {
            throw UsageError(description: "--pca directions are neither random nor "
                             + "normalized, so --pca takes no --norm or --seed")
        }
    }
}
