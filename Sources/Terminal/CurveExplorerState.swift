/// The interpolation view's state that key commands change.
struct CurveExplorerState {
    var view: CurveView
    private(set) var quitRequested = false
    /// Whether the next frame repaints every cell rather than the changed ones.
    var repaintRequested = false
    /// Whether the loss axis is logarithmic.
    private(set) var logScale = false
    /// Whether the list of keys covers the plot.
    private(set) var helpVisible = false
    /// Set by `e`; the loop writes the files and clears it.
    var exportRequested = false

    init(view: CurveView) {
        self.view = view
    }

    /// Applies `commands` in order, so that a burst of queued keys makes one view change.
    mutating func apply(_ commands: [KeyCommand]) {
        for command in commands {
            apply(command)
        }
    }

    /// Applies one command. Left and right move the cursor by one grid step. The keys of
    /// the 2D explorer that have no meaning on a curve (up, down, Tab, n, w, m, s, c, t)
    /// do nothing.
    private mutating func apply(_ command: KeyCommand) {
        switch command {
        case let .pan(columns, _):
            view.moveCursor(by: columns)
        case let .zoom(factor):
            view.zoom(by: factor)
        case .reset:
            view.reset()
        case .quit:
            quitRequested = true
        case .repaint, .resize:
            repaintRequested = true
        case .toggleLogScale:
            logScale.toggle()
        case .toggleHelp:
            helpVisible.toggle()
        case .dismiss:
            helpVisible = false
        case .export:
            exportRequested = true
        default:
            // The surface-only commands, and any added later for the 2D explorer.
            break
        }
    }
}
