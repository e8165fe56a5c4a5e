/// The explorer's state that key commands change.
struct ExplorerState {
    var viewport = Viewport.initial
    private(set) var quitRequested = false
    /// Whether the next frame repaints every cell rather than the changed ones.
    var repaintRequested = false
    /// Whether colours follow the logarithm of the loss.
    private(set) var logScale = false
    /// Whether the list of keys covers the plot.
    private(set) var helpVisible = false
    /// Set by `e`; the loop writes the files and clears it.
    var exportRequested = false

    /// Applies `commands` in order, so that a burst of queued keys makes one view change.
    mutating func apply(_ commands: [KeyCommand]) {
        for command in commands {
            apply(command)
        }
    }

    private mutating func apply(_ command: KeyCommand) {
        switch command {
        case let .pan(columns, rows):
            viewport.pan(columns: columns, rows: rows)
        case let .zoom(factor):
            viewport.zoom(by: factor)
        case .reset:
            viewport = .initial
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
        }
    }
}
