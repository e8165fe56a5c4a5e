import Foundation
import Numerics

/// Computes surface points on background threads in the order the front requests them.
///
/// Each worker takes the next requested point that is neither cached nor being computed, so
/// a new request takes effect as soon as the points already started finish.
public final class SurfaceEvaluator: SurfaceSource {
    public let summary: String
    private let function: SurfaceFunction
    private let condition = NSCondition()
    private var queue: [SurfacePoint] = []
    private var nextIndex = 0
    /// The points of the current request, and how many of them have no value yet.
    private var requested: Set<SurfacePoint> = []
    private var pending = 0
    // NOTE: the cache is unbounded. One view needs about 10,000 points (a few hundred KB),
    // but a long session of panning grows it without end.
    private var cache: [SurfacePoint: PointValue] = [:]
    private var inFlight: Set<SurfacePoint> = []
    private var finishTimes: [TimeInterval] = []
    private var stopped = false
    private var evaluations = 0
    /// Worker threads still running; `stop()` waits for it to reach zero.
    private var runningWorkers = 0

    /// Starts `workers` threads that wait for requests.
    ///
    /// With more than one worker, OpenBLAS is limited to one thread per call so the workers
    /// do not compete for cores.
    public init(function: SurfaceFunction, workers: Int, summary: String) {
        self.function = function
        self.summary = summary
        if workers > 1 { BLAS.setThreadCount(1) }
        runningWorkers = max(1, workers)
        for index in 0..<max(1, workers) {
            let thread = Thread { [weak self] in self?.work() }
            thread.name = "surface-worker-\(index)"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Ends the workers and waits until the points they are computing are done.
    ///
    /// Call it before the process exits: a worker still inside OpenBLAS while `exit` runs
    /// the library's destructors can crash. Each worker also holds the evaluator while it
    /// runs, so this releases it.
    public func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        while runningWorkers > 0 { condition.wait() }
        condition.unlock()
    }

    public func request(_ points: [SurfacePoint]) {
        let unique = Set(points)
        condition.lock()
        queue = points
        nextIndex = 0
        requested = unique
        pending = unique.reduce(0) { $0 + (cache[$1] == nil ? 1 : 0) }
        condition.broadcast()
        condition.unlock()
    }

    public func value(at point: SurfacePoint) -> PointValue? {
        condition.lock()
        defer { condition.unlock() }
        return cache[point]
    }

    public var pendingCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return pending
    }

    public var pointsPerSecond: Double {
        condition.lock()
        defer { condition.unlock() }
        let now = Date().timeIntervalSinceReferenceDate
        let recent = finishTimes.filter { now - $0 < 5 }
        guard let first = recent.first, recent.count > 1 else { return 0 }
        return Double(recent.count) / max(now - first, 1e-3)
    }

    /// The number of points computed so far, for tests that check the cache is used.
    public var evaluationCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return evaluations
    }

    private func work() {
        defer {
            condition.lock()
            runningWorkers -= 1
            condition.broadcast()
            condition.unlock()
        }
        while let point = takeNextPoint() {
            let value = function(point)
            condition.lock()
            if cache[point] == nil, requested.contains(point) { pending -= 1 }
            cache[point] = value
            inFlight.remove(point)
            evaluations += 1
            let now = Date().timeIntervalSinceReferenceDate
            finishTimes.append(now)
            if finishTimes.count > 512 { finishTimes.removeFirst(256) }
            condition.unlock()
        }
    }

    /// Blocks until a point needs computing, or returns nil once stopped.
    private func takeNextPoint() -> SurfacePoint? {
        condition.lock()
        defer { condition.unlock() }
        while !stopped {
            while nextIndex < queue.count {
                let point = queue[nextIndex]
                nextIndex += 1
                if cache[point] == nil, !inFlight.contains(point) {
                    inFlight.insert(point)
                    return point
                }
            }
            condition.wait()
        }
        return nil
    }
}
