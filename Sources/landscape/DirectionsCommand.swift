import Engine
import Formats

/// `landscape directions`: saves the random directions δ and η of a model for other tools.
enum DirectionsCommand {
    static let usage = """
        usage: landscape directions MODEL --out FILE.safetensors [--norm NAME] [--ignore NAME]
                                    [--seed N]

          --out FILE       where to write δ as tensors delta.<param> and η as eta.<param>
          --norm NAME      filter (default), layer, weight or none: how each random
                           direction is scaled against the model's weights
          --ignore NAME    biasbn (default: biases and other 1-D tensors stay still)
                           or none (they move as θ·(1 + α))
          --seed N         seed of the two random directions (default 1)

        'landscape surface', 'line' and 'explore' load the file with --dirs FILE.
        """

    static func run(_ arguments: [String]) throws -> Int32 {
        if arguments.contains("--help") {
            print(usage)
            return 0
        }
        let options = try Arguments(arguments, valued: ["out", "norm", "ignore", "seed"])
        let synopsis = "landscape directions MODEL --out FILE.safetensors"
        try options.expectPositionals(atMost: 1, usage: synopsis)
        guard let path = options.positionals.first else {
            throw UsageError(description: "missing MODEL; usage: \(synopsis)")
        }
        guard let out = options.string("out") else {
            throw UsageError(description: "missing --out FILE.safetensors")
        }
        guard SurfaceFile.Kind(path: out) == .safetensors else {
            throw UsageError(description: "invalid --out '\(out)': expected a name ending "
                             + "in .safetensors")
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
}
