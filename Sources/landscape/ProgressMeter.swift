import Foundation

/// A progress line on stderr (done/total, points per second, time left), rewritten in place.
///
/// Writes nothing unless stderr is a terminal, so logs and pipes stay clean.
final class ProgressMeter {
    private let enabled = isatty(STDERR_FILENO) != 0
    private let total: Int
    private var shown = false

    init(total: Int) {
        self.total = total
    }

    /// Rewrites the line for `done` finished points, `computed` of them in `elapsed` seconds.
    func update(done: Int, computed: Int, elapsed: Double) {
        guard enabled else { return }
        let rate = elapsed > 0 ? Double(computed) / elapsed : 0
        let left = rate > 0 ? "\(Int((Double(total - done) / rate).rounded(.up)))s" : "?"
        let text = "\(done)/\(total) points, \(format(rate, 2)) points/s, ETA \(left)"
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
        shown = true
    }

    /// Clears the line, so the next message starts on an empty line.
    func clear() {
        guard enabled, shown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
