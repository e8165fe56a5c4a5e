import Engine
import Glibc

/// The settings of the interpolation view besides its curves: the title, the t axis and
/// the names of the two models.
public struct CurveExplorerSetup: Sendable {
    /// The whole title line.
    public var title: String
    /// The `--t MIN:MAX:NUM` axis: the initial window and the grid at zoom level 0.
    public var axis: GridAxis
    /// The names that label the marks at t = 0 (model A) and t = 1 (model B).
    public var startName: String
    public var endName: String

    public init(title: String, axis: GridAxis, startName: String, endName: String) {
        self.title = title
        self.axis = axis
        self.startName = startName
        self.endName = endName
    }
}

/// Runs the interactive view of `curves` until the user quits or a signal arrives.
///
/// The terminal is handled as in `runExplorer`: quitting, a failure and SIGINT, SIGTERM or
/// SIGHUP all leave through one teardown that restores the terminal before anything is
/// printed, and a crash restores it too. The caller stops `curves` afterwards.
/// - Returns: the exit status: 0 after `q`, 128 plus the signal number after a signal, and
///   1 when the terminal cannot start (the reason goes to standard error).
public func runCurveExplorer(curves: InterpolationCurves, setup: CurveExplorerSetup,
                             options: ExplorerOptions) -> Int32 {
    let signals = SignalTrap()
    defer { signals.restore() }

    let screen: TerminalScreen
    do {
        screen = try TerminalScreen(options: options)
    } catch {
        fputs("landscape: \(error)\n", stderr)
        return 1
    }

    CrashTrap.install()
    let loop = CurveExplorerLoop(curves: curves, setup: setup, options: options,
                                 screen: screen)
    let status = loop.run(until: signals)
    screen.close()
    CrashTrap.remove()
    return status
}
