import Rendering

/// Settings of one explorer session, fixed at launch.
public struct ExplorerOptions: Sendable {
    /// The colour themes `t` cycles through, the first in use at launch.
    public var themes: [Theme] = Theme.builtIn
    /// The values of the contour lines that `c` draws.
    public var contourLevels = ContourLevels.automatic(ContourLayer.defaultLevelCount)
    /// Text at the start of the title line, before the source's summary.
    public var title: String
    /// Text after the metric's name in the status line while the map shows the
    /// non-convexity: the samples the eigenvalues are computed on, fewer than the loss's.
    public var eigenSummary = ""
    /// Whether to write ASCII only (no byte above 127), even in a UTF-8 locale.
    public var forceASCII: Bool
    /// Whether to draw without colour, as `NO_COLOR` does.
    public var disableColor: Bool

    public init(title: String, forceASCII: Bool = false, disableColor: Bool = false) {
        self.title = title
        self.forceASCII = forceASCII
        self.disableColor = disableColor
    }
}
