import Engine
import Formats
import Numerics

/// The options that choose the directions δ and η: `--norm`, `--ignore`, `--seed`, `--dirs`.
struct DirectionOptions {
    /// The option names, for `Arguments(valued:)`.
    static let names: Set<String> = ["norm", "ignore", "seed", "dirs"]

    /// Help lines for the options, indented as the commands' usage texts are.
    static let usage = """
          --norm NAME      filter (default), layer, weight or none: how each random
                           direction is scaled against the model's weights
          --ignore NAME    biasbn (default: biases and other 1-D tensors stay still)
                           or none (they move as θ·(1 + α))
          --seed N         seed of the two random directions (default 1)
          --dirs FILE      load δ and η from a file 'landscape directions' wrote
        """

    var normalization = Normalization.filter
    var ignoreBiasAndNorm = true
    var seed: UInt64 = 1
    var directionsPath: String?

    init(_ options: Arguments) throws {
        if let text = options.string("norm") {
            guard let value = Normalization(rawValue: text) else {
                throw UsageError(description:
                    "invalid --norm '\(text)': expected filter, layer, weight or none")
            }
            normalization = value
        }
        switch options.string("ignore") {
        case nil, "biasbn": ignoreBiasAndNorm = true
        case "none": ignoreBiasAndNorm = false
        case let text?:
            throw UsageError(description: "invalid --ignore '\(text)': expected biasbn or none")
        }
        seed = try options.seed("seed", default: 1)
        directionsPath = options.string("dirs")
        if directionsPath != nil,
           options.string("norm") != nil || options.string("ignore") != nil
            || options.string("seed") != nil {
            throw UsageError(description: "--dirs loads fixed directions, so it takes no "
                             + "--norm, --ignore or --seed")
        }
    }

    /// The `--ignore` spelling of `ignoreBiasAndNorm`.
    var ignoreName: String { ignoreBiasAndNorm ? "biasbn" : "none" }

    /// Draws the directions for `parameters`, or loads them from `--dirs`.
    ///
    /// - Throws: `FormatError` when the `--dirs` file is unreadable or does not fit the model.
    func directions(for parameters: Parameters) throws -> (Parameters, Parameters) {
        if let directionsPath {
            let loaded = try DirectionsFile.read(path: directionsPath, like: parameters)
            return (loaded.delta, loaded.eta)
        }
        return Directions.pair(like: parameters, seed: seed, normalization: normalization,
                               ignoreBiasAndNorm: ignoreBiasAndNorm)
    }

    /// The part of a title that describes how the directions were made.
    var summary: String {
        if let directionsPath { return "directions from \(directionsPath)" }
        let scaling: String
        switch normalization {
        case .filter, .layer, .weight: scaling = "\(normalization.rawValue)-normalized"
        case .none: scaling = "not normalized"
        }
        let biases = ignoreBiasAndNorm ? "biases still" : "biases move"
        return "\(scaling), \(biases) | seed \(seed)"
    }

    /// The metadata entries that record these options in output files.
    var metadata: [String: String] {
        if let directionsPath { return ["directions": directionsPath] }
        return ["seed": "\(seed)", "norm": normalization.rawValue, "ignore": ignoreName]
    }
}
