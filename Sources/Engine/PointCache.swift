/// Computed surface values in memory, at most `capacity` of them, least recently used
/// evicted first.
///
/// "Used" means inserted or named in a request (`touch`), not read: the front reads every
/// value on screen each frame, and the points on screen are those of the latest request
/// anyway. Not thread-safe: `SurfaceEvaluator` calls it under its lock.
struct PointCache {
    private struct Entry {
        var value: PointValue
        var lastUse: UInt64
    }

    /// The maximum number of values kept, at least 1.
    let capacity: Int
    private var entries: [SurfacePoint: Entry] = [:]
    private var clock: UInt64 = 0

    init(capacity: Int) {
        precondition(capacity >= 1, "a point cache needs a capacity of at least 1")
        self.capacity = capacity
    }

    var count: Int { entries.count }

    subscript(point: SurfacePoint) -> PointValue? { entries[point]?.value }

    /// Every cached point with its value, in no particular order.
    var values: [(SurfacePoint, PointValue)] { entries.map { ($0.key, $0.value.value) } }

    /// Marks the cached ones of `points` as used now, the first one most recently.
    mutating func touch(_ points: [SurfacePoint]) {
        clock += UInt64(points.count) + 1
        for (offset, point) in points.enumerated() where entries[point] != nil {
            entries[point]!.lastUse = clock - UInt64(offset)
        }
    }

    /// Stores `value` at `point` as used now, then evicts the least recently used values
    /// when the cache is over capacity, except those in `keeping`.
    ///
    /// Eviction removes a tenth of the capacity at once, so that its sort runs once per
    /// many insertions. The cache exceeds its capacity only when `keeping` alone does.
    mutating func insert(_ value: PointValue, at point: SurfacePoint,
                         keeping: Set<SurfacePoint> = []) {
        clock += 1
        entries[point] = Entry(value: value, lastUse: clock)
        guard entries.count > capacity else { return }
        let target = capacity - capacity / 10
        let oldest = entries.filter { !keeping.contains($0.key) }
            .sorted { $0.value.lastUse < $1.value.lastUse }
            .prefix(entries.count - target)
        for (point, _) in oldest { entries[point] = nil }
    }
}
