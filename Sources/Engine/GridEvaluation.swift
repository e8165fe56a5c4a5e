import Foundation
import Numerics

/// Evaluates a fixed list of surface points on worker threads, for headless runs.
///
/// Each worker takes the next point not yet started and evaluates it with single-threaded
/// BLAS, so every value is the same whatever the number of workers. The calling thread
/// waits, reporting progress and checkpoints at a fixed interval.
public final class GridEvaluation {
    /// A snapshot of the run, passed to the report closure.
    public struct Progress {
        /// The value of each point, nil while not computed.
        public var values: [PointValue?]
        /// Points computed in this run, not counting those given as already done.
        public var evaluations: Int
        /// Seconds since the run started.
        public var elapsed: Double
    }

    private let evaluatePoint: (SurfacePoint) -> PointValue
    private let points: [SurfacePoint]
    private let condition = NSCondition()
    private var values: [PointValue?]
    private var queue: [Int]
    private var nextIndex = 0
    private var evaluations = 0
    private var running = 0
    private var started = 0
    private var maxEvaluations = Int.max
    private var deadline = Date.distantFuture

    /// Prepares a run of `function` over `points`, keeping the entries of `done` that are
    /// not nil.
    public convenience init(function: SurfaceFunction, points: [SurfacePoint],
                            done: [PointValue?]? = nil) {
        self.init(evaluate: { function($0) }, points: points, done: done)
    }

    /// Prepares a run of `evaluate` over `points`, keeping the entries of `done` that are
    /// not nil. `evaluate` is called from several threads at once.
    public init(evaluate: @escaping (SurfacePoint) -> PointValue, points: [SurfacePoint],
                done: [PointValue?]? = nil) {
        precondition(done == nil || done!.count == points.count, "one value per point")
        evaluatePoint = evaluate
        self.points = points
        let initial = done ?? Array(repeating: nil, count: points.count)
        values = initial
        queue = initial.indices.filter { initial[$0] == nil }
    }

    /// Computes every missing point on `workers` threads and returns the final progress.
    ///
    /// Sets OpenBLAS to one thread for the whole process. Workers stop taking points once
    /// `maxEvaluations` points have started or `deadline` has passed, and the points still
    /// running finish first, so the result may have nil values then.
    ///
    /// - Parameters:
    ///   - interval: seconds between calls of `report`.
    ///   - report: called on the calling thread with a snapshot, every `interval` seconds and
    ///     once at the end.
    public func run(workers: Int, maxEvaluations: Int = .max, deadline: Date = .distantFuture,
                    interval: Double = 0.5, report: (Progress) -> Void = { _ in }) -> Progress {
        BLAS.setThreadCount(1)
        let start = Date()
        condition.lock()
        self.maxEvaluations = maxEvaluations
        self.deadline = deadline
        running = max(1, workers)
        condition.unlock()
        for index in 0..<max(1, workers) {
            let thread = Thread { [self] in work() }
            thread.name = "grid-worker-\(index)"
            thread.stackSize = 8 << 20
            thread.start()
        }

        condition.lock()
        while running > 0 {
            let wake = Date().addingTimeInterval(interval)
            while running > 0, condition.wait(until: wake) {}
            if running == 0 { break }
            let snapshot = progress(since: start)
            condition.unlock()
            report(snapshot)
            condition.lock()
        }
        let final = progress(since: start)
        condition.unlock()
        report(final)
        return final
    }

    /// Must be called with the lock held.
    private func progress(since start: Date) -> Progress {
        Progress(values: values, evaluations: evaluations,
                 elapsed: Date().timeIntervalSince(start))
    }

    private func work() {
        while let index = takeNextIndex() {
            let value = evaluatePoint(points[index])
            condition.lock()
            values[index] = value
            evaluations += 1
            condition.broadcast()
            condition.unlock()
        }
        condition.lock()
        running -= 1
        condition.broadcast()
        condition.unlock()
    }

    private func takeNextIndex() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        guard nextIndex < queue.count, started < maxEvaluations, Date() < deadline else {
            return nil
        }
        started += 1
        nextIndex += 1
        return queue[nextIndex - 1]
    }
}
