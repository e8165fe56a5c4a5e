/// The explorer's state that key commands change.
struct ExplorerState {
    var viewport = Viewport.initial
    /// The view that `0` returns to.
    var home = Viewport.initial
    private(set) var quitRequested = false
    /// Whether the next frame repaints every cell rather than the changed ones.
    var repaintRequested = false
    /// Whether colours follow the logarithm of the loss.
    private(set) var logScale = false
    /// Whether the list of keys covers the plot.
    private(set) var helpVisible = false
    /// Whether each pane scales its colours to its own values.
    private(set) var ownScales = false
    private(set) var metric = Metric.loss
    private(set) var contours = ContourMode.off
    /// The index of the theme in use among the session's themes.
    private(set) var theme = 0
    var themeCount = 1
    /// Whether the panes have eigenvalue sources, without which `m` skips non-convexity.
    var hasEigenvalues = false
    /// Set by `e`; the loop writes the files and clears it.
    var exportRequested = false
    /// The number of panes, normalizations and training runs, which the cycling keys wrap
    /// around; the loop sets them.
    var paneCount = 1
    var normalizationCount = 1
    var runCount = 1
    private(set) var activePane = 0
    private(set) var normalization = 0
    private(set) var run = 0

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
            viewport = home
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
        case .nextPane:
            activePane = (activePane + 1) % max(paneCount, 1)
        case .nextNormalization:
            normalization = (normalization + 1) % max(normalizationCount, 1)
        case .switchRun:
            run = (run + 1) % max(runCount, 1)
        case .nextMetric:
            metric = metric.next
            if metric == .nonConvexity, !hasEigenvalues { metric = metric.next }
        case .toggleOwnScales:
            ownScales.toggle()
        case .nextContourMode:
            contours = contours.next
        case .nextTheme:
            theme = (theme + 1) % max(themeCount, 1)
        case let .center(alpha, beta):
            viewport.centerAlpha = alpha
            viewport.centerBeta = beta
        case let .activate(pane):
            activePane = min(max(pane, 0), max(paneCount - 1, 0))
        }
    }
}
