import Foundation
import Numerics

/// The train and test curves of a `ModelInterpolation`, computed in the background for the
/// interactive view.
///
/// Each split has its own `SurfaceEvaluator`, whose points are (t, 0) and which keeps no
/// store. Each evaluator interpolates the tensors itself, so every t is interpolated once
/// per split. A point with a negative BatchNorm running variance has NaN loss and accuracy,
/// and `negativeVariances(at:)` returns its number of such channels.
public final class InterpolationCurves {
    /// The curve on the training split.
    public let train: SurfaceEvaluator
    /// The curve on the test split.
    public let test: SurfaceEvaluator
    private let invalidPoints = InvalidPoints()

    /// Starts `workersPerSplit` threads for each split.
    ///
    /// OpenBLAS is limited to one thread per call, because the two evaluators already run
    /// at least two workers.
    public init(interpolation: ModelInterpolation, train: Dataset, test: Dataset,
                workersPerSplit: Int = 1) {
        BLAS.setThreadCount(1)
        let invalid = invalidPoints
        func evaluator(_ samples: Dataset, _ name: String) -> SurfaceEvaluator {
            let function = InterpolationFunction(interpolation: interpolation,
                                                 samples: samples)
            return SurfaceEvaluator(evaluate: { point in
                let value = function.value(at: point.alpha)
                if !value.isValid {
                    invalid.record(value.negativeVariances, at: point.alpha)
                }
                return PointValue(loss: Float(value.loss), accuracy: Float(value.accuracy))
            }, workers: workersPerSplit, summary: "\(name) \(samples.count) samples")
        }
        self.train = evaluator(train, "train")
        self.test = evaluator(test, "test")
    }

    /// Returns the point of the curves at `t`.
    public static func point(at t: Double) -> SurfacePoint {
        SurfacePoint(alpha: t, beta: 0)
    }

    /// Returns the number of BatchNorm channels with a negative running variance at `t`,
    /// or nil when no evaluated point at `t` had one (including points not yet computed).
    public func negativeVariances(at t: Double) -> Int? {
        invalidPoints.count(at: t)
    }

    /// Ends both evaluators and waits for the points they are computing.
    public func stop() {
        train.stop()
        test.stop()
    }
}

/// The t values found invalid so far, written by the worker threads.
private final class InvalidPoints: @unchecked Sendable {
    private let lock = NSLock()
    private var channels: [Double: Int] = [:]

    func record(_ count: Int, at t: Double) {
        lock.lock()
        defer { lock.unlock() }
        channels[t] = count
    }

    func count(at t: Double) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        return channels[t]
    }
}
