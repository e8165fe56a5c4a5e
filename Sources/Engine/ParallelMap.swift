import Foundation
import Numerics

/// Runs independent jobs on worker threads and collects their results in job order.
///
/// Each worker takes the next job not yet started, with single-threaded BLAS, so the results
/// are the same whatever the number of workers. The calling thread waits and reports
/// progress at a fixed interval.
public enum ParallelMap {
    /// Returns `body(0) … body(count − 1)`, computed on `workers` threads.
    ///
    /// Sets OpenBLAS to one thread for the whole process, as `GridEvaluation` does.
    ///
    /// - Parameters:
    ///   - interval: seconds between calls of `report`.
    ///   - report: called on the calling thread with the number of finished jobs and the
    ///     seconds since the start, every `interval` seconds and once at the end.
    ///   - body: called from several threads at once.
    public static func run<Result>(count: Int, workers: Int, interval: Double = 0.5,
                                   report: (Int, Double) -> Void = { _, _ in },
                                   body: @escaping (Int) -> Result) -> [Result] {
        BLAS.setThreadCount(1)
        let state = State<Result>(count: count)
        let start = Date()
        let threadCount = max(1, min(workers, count))
        state.condition.lock()
        state.running = threadCount
        state.condition.unlock()
        for index in 0..<threadCount {
            let thread = Thread { state.work(body) }
            thread.name = "map-worker-\(index)"
            thread.stackSize = 8 << 20
            thread.start()
        }

        state.condition.lock()
        while state.running > 0 {
            let wake = Date().addingTimeInterval(interval)
            while state.running > 0, state.condition.wait(until: wake) {}
            let finished = state.finished
            state.condition.unlock()
            report(finished, Date().timeIntervalSince(start))
            state.condition.lock()
        }
        let results = state.results.map { $0! }
        state.condition.unlock()
        return results
    }

    /// The shared queue and results of one run, guarded by `condition`.
    private final class State<Result> {
        let condition = NSCondition()
        var results: [Result?]
        var next = 0
        var finished = 0
        var running = 0

        init(count: Int) {
            results = Array(repeating: nil, count: count)
        }

        func work(_ body: (Int) -> Result) {
            while let index = takeNext() {
                let result = body(index)
                condition.lock()
                results[index] = result
                finished += 1
                condition.broadcast()
                condition.unlock()
            }
            condition.lock()
            running -= 1
            condition.broadcast()
            condition.unlock()
        }

        private func takeNext() -> Int? {
            condition.lock()
            defer { condition.unlock() }
            guard next < results.count else { return nil }
            next += 1
            return next - 1
        }
    }
}
