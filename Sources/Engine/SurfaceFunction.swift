import Numerics

/// The loss surface f(α, β) = L(θ + α·δ + β·η) of one model on fixed samples.
public struct SurfaceFunction {
    public let network: Network
    public let center: Parameters
    public let delta: Parameters
    public let eta: Parameters
    public let samples: Dataset
    /// BatchNorm running statistics, fixed at the model's values at every point.
    public let buffers: Parameters
    /// Images per forward pass; results depend on it only through float32 rounding.
    public var batchSize = 500

    public init(network: Network, center: Parameters, delta: Parameters, eta: Parameters,
                samples: Dataset, buffers: Parameters = Parameters()) {
        self.buffers = buffers
        self.network = network
        self.center = center
        self.delta = delta
        self.eta = eta
        self.samples = samples
    }

    /// Evaluates the mean loss and accuracy at `point`.
    ///
    /// At (0, 0) the parameters are θ itself, bit for bit, so the value equals what
    /// `evaluate` gives for the unperturbed model on the same samples.
    public func callAsFunction(_ point: SurfacePoint) -> PointValue {
        let parameters = parameters(at: point)
        let metrics = evaluate(network, parameters: parameters, buffers: buffers, on: samples,
                               batchSize: batchSize)
        return PointValue(loss: Float(metrics.loss), accuracy: Float(metrics.accuracy))
    }

    /// Returns θ + α·δ + β·η, computed in float32 tensor by tensor.
    public func parameters(at point: SurfacePoint) -> Parameters {
        center.offset(by: [(Float(point.alpha), delta), (Float(point.beta), eta)])
    }
}
