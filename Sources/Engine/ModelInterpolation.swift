import Numerics

/// The straight line θ(t) = (1 − t)·θ_A + t·θ_B between two models of one architecture,
/// with the BatchNorm running statistics interpolated the same way.
///
/// Interpolating the running statistics too makes t = 0 and t = 1 give each model's own
/// loss, bit for bit. Keeping model A's statistics all along the line, as the reference
/// implementation of Li et al. (2018) does, gets model B's loss wrong. Between the ends the
/// combination is computed in Double and rounded to Float once.
public struct ModelInterpolation {
    /// The network both models run on.
    public let network: Network
    /// Model A, the point t = 0.
    public let start: Model
    /// Model B, the point t = 1.
    public let end: Model

    /// The tensors of θ(t) at one t.
    public struct Point {
        public var parameters: Parameters
        public var buffers: Parameters
        /// BatchNorm channels whose interpolated running variance is below zero. Such a
        /// channel is no valid BatchNorm, so the point has no loss: see
        /// `InterpolationFunction`. Always 0 for t in [0, 1], where every running variance
        /// is a convex combination of two non-negative ones.
        public var negativeVariances: Int
    }

    /// Pairs two loaded models.
    ///
    /// - Throws: `ArchitectureMismatch` naming both files and the first tensor (or layer)
    ///   that differs.
    public init(from first: LoadedModel, to second: LoadedModel) throws {
        if let mismatch = ArchitectureMismatch.check(
            first.model.architecture, at: first.path,
            against: second.model.architecture, at: second.path) {
            throw mismatch
        }
        network = first.network
        start = first.model
        end = second.model
    }

    /// Pairs two models, for callers that build them in memory.
    ///
    /// - Throws: `ArchitectureMismatch` with `firstName` and `secondName` in place of paths.
    public init(network: Network, from first: Model, to second: Model,
                firstName: String = "model A", secondName: String = "model B") throws {
        if let mismatch = ArchitectureMismatch.check(
            first.architecture, at: firstName, against: second.architecture, at: secondName) {
            throw mismatch
        }
        self.network = network
        start = first
        end = second
    }

    /// Returns the parameters and buffers at `t`; any finite t is allowed.
    ///
    /// t = 0 and t = 1 return model A's and model B's tensors as they are, even where the
    /// other model has an infinite value (whose product with 0 would be NaN).
    public func point(at t: Double) -> Point {
        if t == 0 || t == 1 {
            let model = t == 0 ? start : end
            return Point(parameters: model.parameters, buffers: model.buffers,
                         negativeVariances: Self.negativeVariances(in: model.buffers))
        }
        let buffers = Self.mix(start.buffers, end.buffers, t)
        return Point(parameters: Self.mix(start.parameters, end.parameters, t),
                     buffers: buffers, negativeVariances: Self.negativeVariances(in: buffers))
    }

    /// Returns `(1 − t)·a + t·b` tensor by tensor, in the names and order of `a`.
    static func mix(_ a: Parameters, _ b: Parameters, _ t: Double) -> Parameters {
        Parameters(a.names.map { name in
            let left = a[name]!
            let right = b[name]!.data
            var values = [Float](repeating: 0, count: left.count)
            for index in values.indices {
                values[index] = Float((1 - t) * Double(left.data[index])
                    + t * Double(right[index]))
            }
            return (name, Tensor(shape: left.shape, data: values))
        })
    }

    /// Counts the entries below zero in the `.running_var` tensors of `buffers`.
    static func negativeVariances(in buffers: Parameters) -> Int {
        buffers.names.filter { $0.hasSuffix(".running_var") }.reduce(0) { count, name in
            count + buffers[name]!.data.reduce(0) { $0 + ($1 < 0 ? 1 : 0) }
        }
    }
}
