import CNcursesw
import Glibc

/// Restores the terminal when the process crashes, then hands the signal to the handler
/// that was there before, such as the Swift runtime's backtracer.
///
/// A Swift runtime trap (a failed precondition, an out-of-range index) raises SIGILL or
/// SIGTRAP on Linux, so without this a crash would leave the shell in raw mode with no echo.
/// NOTE: `endwin` is not async-signal-safe. It is called only on the way out of a process
/// that is already dying, where a restored terminal is worth that risk.
enum CrashTrap {
    static let signals = [SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE]

    /// Installs the handlers, keeping the previous ones for `remove` and for the crash.
    static func install() {
        for signal in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = restoreTerminalAndReraise
            sigemptyset(&action.sa_mask)
            var old = sigaction()
            sigaction(signal, &action, &old)
            previousCrashActions[signal] = old
        }
    }

    /// Puts back the handlers that were set before `install`.
    static func remove() {
        for (signal, action) in previousCrashActions {
            var action = action
            sigaction(signal, &action, nil)
        }
        previousCrashActions = [:]
    }
}

/// The handlers set before `CrashTrap.install`, by signal number.
private var previousCrashActions: [Int32: sigaction] = [:]

/// Leaves curses mode, puts the previous handlers back and raises the signal again.
private func restoreTerminalAndReraise(_ signal: Int32) {
    endwin()
    CrashTrap.remove()
    raise(signal)
}
