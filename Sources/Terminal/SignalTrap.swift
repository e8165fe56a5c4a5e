import Glibc
import Synchronization

/// The last SIGINT, SIGTERM or SIGHUP received, 0 for none. The handler only stores it,
/// which an atomic store makes async-signal-safe; the event loop reads it.
private let receivedSignal = Atomic<Int32>(0)

private func recordSignal(_ signal: Int32) {
    receivedSignal.store(signal, ordering: .relaxed)
}

/// Catches SIGINT, SIGTERM and SIGHUP while the explorer runs, so that the event loop ends
/// through its usual teardown and restores the terminal.
///
/// Install it before ncurses starts, because ncurses sets its own SIGINT and SIGTERM handlers
/// only where the default action is still in place.
final class SignalTrap {
    static let signals = [SIGINT, SIGTERM, SIGHUP]
    private var previous: [Int32: sigaction] = [:]

    /// Installs the handlers and clears any signal recorded before.
    init() {
        receivedSignal.store(0, ordering: .relaxed)
        for signal in SignalTrap.signals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = recordSignal
            sigemptyset(&action.sa_mask)
            var old = sigaction()
            sigaction(signal, &action, &old)
            previous[signal] = old
        }
    }

    /// The signal received since installation, or nil.
    var received: Int32? {
        let signal = receivedSignal.load(ordering: .relaxed)
        return signal == 0 ? nil : signal
    }

    /// Puts back the handlers that were set before.
    func restore() {
        for (signal, action) in previous {
            var action = action
            sigaction(signal, &action, nil)
        }
        previous = [:]
    }
}
