import Foundation
import Glibc

/// A log of the time from each key press to its drawn frame, one line of milliseconds per
/// key, in the file that `LANDSCAPE_LATENCY_LOG` names. `docs/benchmarks.md` reports it.
final class LatencyLog {
    private let file: UnsafeMutablePointer<FILE>

    private init(file: UnsafeMutablePointer<FILE>) {
        self.file = file
    }

    deinit {
        fclose(file)
    }

    /// Opens the file in `LANDSCAPE_LATENCY_LOG` for appending, or returns nil when the
    /// variable is unset or the file cannot be opened.
    static func fromEnvironment() -> LatencyLog? {
        guard let path = getenv("LANDSCAPE_LATENCY_LOG"), path.pointee != 0,
              let file = fopen(path, "a") else { return nil }
        return LatencyLog(file: file)
    }

    /// Writes one duration in milliseconds.
    func record(_ duration: Duration) {
        let parts = duration.components
        let milliseconds = Double(parts.seconds) * 1000 + Double(parts.attoseconds) / 1e15
        fputs(String(format: "%.2f\n", milliseconds), file)
        fflush(file)
    }
}
