import Numerics

/// The loss curve f(t) = L(θ(t)) of a `ModelInterpolation` on fixed samples.
///
/// A point where some interpolated running variance is below zero is marked invalid and not
/// evaluated: its loss and accuracy are NaN and `negativeVariances` records why. Such points
/// appear only outside [0, 1]. Clamping the variance to zero was rejected, because the
/// channel would then be divided by √1e-5 and the loss would look like a real, very high
/// value of a network that does not exist.
public struct InterpolationFunction {
    public let interpolation: ModelInterpolation
    public let samples: Dataset
    /// Images per forward pass; 500 as in `evaluate` and `landscape info`, so that t = 0
    /// and t = 1 reproduce their numbers exactly.
    public var batchSize = 500

    /// Mean loss and accuracy at one t, or the reason there are none.
    public struct Value: Equatable, Sendable {
        /// Mean cross-entropy in nats; NaN for an invalid point.
        public var loss: Double
        /// Fraction of correct top-1 predictions in [0, 1]; NaN for an invalid point.
        public var accuracy: Double
        /// BatchNorm channels with a negative running variance; the point is valid when 0.
        public var negativeVariances: Int

        public var isValid: Bool { negativeVariances == 0 }
    }

    public init(interpolation: ModelInterpolation, samples: Dataset) {
        self.interpolation = interpolation
        self.samples = samples
    }

    /// Evaluates the curve at `t`. Safe to call from several threads at once.
    public func value(at t: Double) -> Value {
        Self.value(of: interpolation.point(at: t), network: interpolation.network,
                   on: samples, batchSize: batchSize)
    }

    /// Evaluates the curve at `point.alpha` as t (β is ignored), for callers that evaluate
    /// surface points, such as `GridEvaluation`.
    public func callAsFunction(_ point: SurfacePoint) -> PointValue {
        let value = value(at: point.alpha)
        return PointValue(loss: Float(value.loss), accuracy: Float(value.accuracy))
    }

    /// Evaluates one interpolated point on `samples`, so that a caller with several splits
    /// interpolates the tensors once.
    public static func value(of point: ModelInterpolation.Point, network: Network,
                             on samples: Dataset, batchSize: Int = 500) -> Value {
        guard point.negativeVariances == 0 else {
            return Value(loss: .nan, accuracy: .nan, negativeVariances: point.negativeVariances)
        }
        let metrics = evaluate(network, parameters: point.parameters, buffers: point.buffers,
                               on: samples, batchSize: batchSize)
        return Value(loss: metrics.loss, accuracy: metrics.accuracy, negativeVariances: 0)
    }
}
