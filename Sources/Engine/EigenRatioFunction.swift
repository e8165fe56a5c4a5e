import Numerics

/// The extreme Hessian eigenvalues at one point of a surface, and their ratio.
public struct EigenRatioValue: Equatable, Sendable {
    public var lambdaMin: Float
    public var lambdaMax: Float

    public init(lambdaMin: Float, lambdaMax: Float) {
        self.lambdaMin = lambdaMin
        self.lambdaMax = lambdaMax
    }

    /// |λ_min / λ_max|: near 0 where the loss is locally convex or almost so, and large where
    /// negative curvature is as strong as the positive one. Infinite when λ_max is 0 and λ_min
    /// is not, NaN when both are 0 or either is NaN.
    public var ratio: Float { abs(lambdaMin / lambdaMax) }
}

extension EigenRatioValue {
    /// λ_min and λ_max in the two Float fields of a `PointValue`, so that evaluators, grid
    /// runs and their sidecar files carry them bit for bit, NaN included; `init(packed:)`
    /// reads them back.
    public var packed: PointValue { PointValue(loss: lambdaMin, accuracy: lambdaMax) }

    public init(packed: PointValue) {
        self.init(lambdaMin: packed.loss, lambdaMax: packed.accuracy)
    }
}

/// The non-convexity map of a surface: at θ + α·δ + β·η, the smallest and largest eigenvalue
/// of the Hessian of the mean loss over the surface's samples.
///
/// Each point runs `Lanczos` on `HessianVectorProduct`, starting from the same seeded vector
/// at every point, so a point's value does not depend on which points were computed before
/// it or on which thread. A point costs up to `steps` Hessian-vector products, each a
/// forward and a backward R-pass over the samples (about three times the time of one
/// gradient, by `landscape bench --eigen` on the sample CNN and resnet-narrow). Safe to call
/// from several threads at once.
public struct EigenRatioFunction {
    public let surface: SurfaceFunction
    /// The maximum number of Hessian-vector products per point.
    public var steps = 20
    /// The relative residual bound at which Lanczos stops early: each extreme Ritz value is
    /// then within `tolerance · max |λ|` of an eigenvalue of the Hessian.
    public var tolerance = 1e-3
    /// The seed of the Lanczos start vector.
    public var seed: UInt64 = 1

    public init(surface: SurfaceFunction) {
        self.surface = surface
    }

    /// Returns λ_min and λ_max at `point`. At a point where the loss diverged they are NaN.
    public func callAsFunction(_ point: SurfacePoint) -> EigenRatioValue {
        let extremes = eigenvalues(at: point)
        return EigenRatioValue(lambdaMin: Float(extremes.minimum),
                               lambdaMax: Float(extremes.maximum))
    }

    /// Returns the Lanczos result at `point`, with its step count and convergence.
    public func eigenvalues(at point: SurfacePoint) -> ExtremeEigenvalues {
        var hessian = HessianVectorProduct(network: surface.network,
                                           parameters: surface.parameters(at: point),
                                           buffers: surface.buffers, samples: surface.samples)
        hessian.batchSize = surface.batchSize
        return Lanczos.extremeEigenvalues(dimension: hessian.dimension, steps: steps,
                                          tolerance: tolerance, seed: seed,
                                          product: hessian.product)
    }
}
