import Foundation
import Numerics

/// Computes surface points on background threads in the order the front requests them.
///
/// Each worker takes the next requested point that is neither cached nor being computed, so
/// a new request takes effect as soon as the points already started finish. Values are kept
/// in a bounded cache in memory and, with a store, on disk: the store's values are read
/// when the evaluator starts, and the cache is written back every `saveInterval` seconds
/// while points are computed, and by `stop()`.
public final class SurfaceEvaluator: SurfaceSource {
    /// The default cap on values kept in memory: 200,000 points, or 20 screens of 10,000
    /// points. At an estimated 50 bytes per entry with the dictionary's overhead, 10 MB.
    public static let defaultCacheCapacity = 200_000

    /// Seconds between two writes of the store while points are computed.
    public static let saveInterval = 5.0

    public let summary: String
    private let evaluate: (SurfacePoint) -> PointValue
    private let store: SurfaceStore?
    private let condition = NSCondition()
    private var queue: [SurfacePoint] = []
    private var nextIndex = 0
    /// The points of the current request, and how many of them have no value yet.
    private var requested: Set<SurfacePoint> = []
    private var pending = 0
    private var cache: PointCache
    private var inFlight: Set<SurfacePoint> = []
    private var finishTimes: [TimeInterval] = []
    private var stopped = false
    private var evaluations = 0
    /// Worker threads still running; `stop()` waits for it to reach zero.
    private var runningWorkers = 0
    /// Points computed since the store was last written, and when that was.
    private var unsavedCount = 0
    private var lastSave = Date()
    private var isSaving = false
    private var storeNotice: String?
    /// Serializes writes of the store, so an older snapshot never replaces a newer one.
    private let saveLock = NSLock()

    /// Starts `workers` threads that wait for requests.
    ///
    /// With more than one worker, OpenBLAS is limited to one thread per call so the workers
    /// do not compete for cores. With `store`, its values are read before this returns.
    ///
    /// - Parameters:
    ///   - firstLayerShortcut: Whether to compute points through `FirstLayerShortcut` when
    ///     the model allows it. Its three products are computed before this returns, and
    ///     values then differ from the plain path's in the last float32 bits.
    ///   - cacheCapacity: The number of values kept in memory (and written to the store).
    ///     The points of the current request are never evicted, so a request larger than
    ///     this keeps all its values until the next request.
    ///   - store: Where values persist between runs, or nil to keep them in memory only.
    public convenience init(function: SurfaceFunction, workers: Int, summary: String,
                            firstLayerShortcut: Bool = false,
                            cacheCapacity: Int = SurfaceEvaluator.defaultCacheCapacity,
                            store: SurfaceStore? = nil) {
        let evaluate: (SurfacePoint) -> PointValue
        if firstLayerShortcut, let shortcut = FirstLayerShortcut(function) {
            evaluate = { shortcut($0) }
        } else {
            evaluate = { function($0) }
        }
        self.init(evaluate: evaluate, workers: workers, summary: summary,
                  cacheCapacity: cacheCapacity, store: store)
    }

    /// Starts `workers` threads that compute points with `evaluate`, such as the points of
    /// a curve that are not on a surface, like `InterpolationFunction`'s.
    ///
    /// `evaluate` is called from the worker threads, one point per call, so it must be safe
    /// to call from several threads at once. A `store` must be keyed on everything that
    /// changes `evaluate`'s values. The other parameters are as in
    /// `init(function:workers:summary:firstLayerShortcut:cacheCapacity:store:)`.
    public init(evaluate: @escaping (SurfacePoint) -> PointValue, workers: Int,
                summary: String, cacheCapacity: Int = SurfaceEvaluator.defaultCacheCapacity,
                store: SurfaceStore? = nil) {
        self.evaluate = evaluate
        self.summary = summary
        self.store = store
        cache = PointCache(capacity: cacheCapacity)
        if let store {
            let (values, notice) = store.load()
            for (point, value) in values { cache.insert(value, at: point) }
            storeNotice = notice
        }
        if workers > 1 { BLAS.setThreadCount(1) }
        runningWorkers = max(1, workers)
        for index in 0..<max(1, workers) {
            let thread = Thread { [weak self] in self?.work() }
            thread.name = "surface-worker-\(index)"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Ends the workers, waits until the points they are computing are done, and writes
    /// the store.
    ///
    /// Call it before the process exits: a worker still inside OpenBLAS while `exit` runs
    /// the library's destructors can crash. Each worker also holds the evaluator while it
    /// runs, so this releases it.
    public func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        while runningWorkers > 0 { condition.wait() }
        let needsSave = unsavedCount > 0
        condition.unlock()
        if needsSave { save() }
    }

    /// Ends the workers without waiting for the points they are computing, and writes the
    /// store with the values computed so far.
    ///
    /// For points that take many seconds, such as eigenvalues, where waiting would hold up
    /// the exit. The caller must then end the process with `_exit`, which skips the library
    /// destructors that a worker still inside OpenBLAS could crash.
    /// - Returns: whether a worker was still computing.
    @discardableResult
    public func abandon() -> Bool {
        condition.lock()
        stopped = true
        condition.broadcast()
        let busy = !inFlight.isEmpty
        let needsSave = unsavedCount > 0
        condition.unlock()
        if needsSave { save() }
        return busy
    }

    public func request(_ points: [SurfacePoint]) {
        let unique = Set(points)
        condition.lock()
        queue = points
        nextIndex = 0
        requested = unique
        cache.touch(points)
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

    /// The number of values in memory, at most the cache capacity.
    public var cachedCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return cache.count
    }

    /// A one-line message about the store for the front to show, or nil: a damaged file
    /// that was set aside at start, or the first write that failed. The evaluator never
    /// prints it, since the terminal may belong to ncurses.
    public var notice: String? {
        condition.lock()
        defer { condition.unlock() }
        return storeNotice
    }

    private func work() {
        defer {
            condition.lock()
            runningWorkers -= 1
            condition.broadcast()
            condition.unlock()
        }
        while let point = takeNextPoint() {
            let value = evaluate(point)
            condition.lock()
            if cache[point] == nil, requested.contains(point) { pending -= 1 }
            cache.insert(value, at: point, keeping: requested)
            inFlight.remove(point)
            evaluations += 1
            unsavedCount += 1
            let now = Date().timeIntervalSinceReferenceDate
            finishTimes.append(now)
            if finishTimes.count > 512 { finishTimes.removeFirst(256) }
            let saveDue = store != nil && !isSaving
                && Date().timeIntervalSince(lastSave) > Self.saveInterval
            if saveDue { isSaving = true }
            condition.unlock()
            if saveDue { save() }
        }
    }

    /// Writes a snapshot of the cache to the store, outside the evaluator's lock.
    ///
    /// The first failure becomes the notice, unless one is shown already.
    private func save() {
        guard let store else { return }
        saveLock.lock()
        defer { saveLock.unlock() }
        condition.lock()
        let snapshot = cache.values
        unsavedCount = 0
        condition.unlock()
        let failure: String?
        do {
            try store.save(snapshot)
            failure = nil
        } catch {
            failure = "\(error); computed points are kept in memory only"
        }
        condition.lock()
        lastSave = Date()
        isSaving = false
        if storeNotice == nil, let failure { storeNotice = failure }
        condition.unlock()
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
