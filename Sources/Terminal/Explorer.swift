import Engine
import Glibc

/// Runs the interactive explorer of `deck`'s panes until the user quits or a signal arrives.
///
/// The function owns the terminal while it runs. Quitting, a failure and SIGINT, SIGTERM or
/// SIGHUP all leave through one teardown that restores the terminal before anything is
/// printed. A crash inside restores the terminal too (see `CrashTrap`) but ends the process.
/// - Returns: the exit status: 0 after `q`, 128 plus the signal number after a signal, and
///   1 when the terminal cannot start (the reason goes to standard error).
public func runExplorer(deck: PaneDeck, options: ExplorerOptions) -> Int32 {
    let signals = SignalTrap()
    defer { signals.restore() }

    let screen: TerminalScreen
    do {
        screen = try TerminalScreen(options: options)
    } catch {
        printError(error)
        return 1
    }

    CrashTrap.install()
    let loop = ExplorerLoop(deck: deck, options: options, screen: screen)
    let status = loop.run(until: signals)
    screen.close()
    CrashTrap.remove()
    return status
}

private func printError(_ error: Error) {
    fputs("landscape: \(error)\n", stderr)
}
