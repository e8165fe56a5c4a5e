import Foundation

/// Set by SIGINT while a long command runs, so that it can stop between two steps instead of
/// dying in the middle of writing a file.
enum InterruptFlag {
    private static var raised: sig_atomic_t = 0

    /// Installs the SIGINT handler.
    static func install() {
        signal(SIGINT) { _ in InterruptFlag.raised = 1 }
    }

    static var isRaised: Bool { raised != 0 }
}
