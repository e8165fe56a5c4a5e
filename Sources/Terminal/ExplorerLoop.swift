import Engine
import Rendering

/// The event loop, which decodes keys into commands, updates the state, requests points for
/// a new view, composes the frame and writes the cells that changed.
final class ExplorerLoop {
    /// The minimum time between frames that only add computed values. Keys redraw at once;
    /// this caps the work of looking values up while the source is busy.
    static let progressRedrawInterval = Duration.milliseconds(100)
    /// The maximum time between frames while nothing is pending, so that the rate shown in
    /// the status line keeps up as it decays.
    static let idleRedrawInterval = Duration.milliseconds(500)

    private let source: SurfaceSource
    private let options: ExplorerOptions
    private let screen: TerminalScreen
    private let composer: FrameComposer
    private var state = ExplorerState()
    private var requested: RequestKey?
    private var cache = PixelValueCache(
        lattice: PixelLattice(viewport: .initial, width: 0, height: 0))
    private var lastDraw: ContinuousClock.Instant?
    private var lastPendingCount = -1
    /// The last frame drawn, which `e` exports.
    private var lastFrame: CellGrid?
    /// The status-line message and when it was set; it shows for a few seconds.
    private var notice: (text: String, since: ContinuousClock.Instant)?

    /// The view and plot size that the current request was made for.
    private struct RequestKey: Equatable {
        var viewport: Viewport
        var width: Int
        var height: Int
    }

    init(source: SurfaceSource, options: ExplorerOptions, screen: TerminalScreen) {
        self.source = source
        self.options = options
        self.screen = screen
        let heatmap = Heatmap(style: ExplorerLoop.style(for: screen))
        composer = FrameComposer(pane: HeatmapPane(heatmap: heatmap))
    }

    /// Runs until `q` (returning 0) or a signal (returning 128 plus its number).
    func run(until signals: SignalTrap) -> Int32 {
        while true {
            if let signal = signals.received {
                return 128 + signal
            }
            state.apply(screen.readKeys().compactMap(KeyCommand.init(key:)))
            if state.quitRequested {
                return 0
            }
            if state.exportRequested {
                exportView()
            }
            refresh()
        }
    }

    /// Requests points if the view or size changed, then draws if anything may have changed.
    private func refresh() {
        let size = screen.size
        let layout = ExplorerLayout(width: size.width, height: size.height)
        let viewChanged = updateRequest(layout: layout)
        let pending = source.pendingCount
        let progressed = pending != lastPendingCount || pending > 0
        let interval = progressed ? ExplorerLoop.progressRedrawInterval
            : ExplorerLoop.idleRedrawInterval
        guard viewChanged || state.repaintRequested || elapsedSinceDraw(interval) else {
            return
        }
        lastPendingCount = pending
        draw(layout: layout)
    }

    /// Sends a new request when the view or plot size changed; returns whether it did.
    private func updateRequest(layout: ExplorerLayout) -> Bool {
        let (width, height) = layout.plotPixels(composer.pane)
        let key = RequestKey(viewport: state.viewport, width: width, height: height)
        guard key != requested else { return false }
        requested = key
        let lattice = PixelLattice(viewport: state.viewport, width: width, height: height)
        cache = PixelValueCache(lattice: lattice)
        source.request(lattice.requestOrder())
        return true
    }

    private func draw(layout: ExplorerLayout) {
        let parts = [options.title, source.summary].filter { !$0.isEmpty }
        let title = parts.joined(separator: "  ")
        var snapshot = FrameSnapshot(title: title, viewport: state.viewport,
                                     cache: cache, source: source)
        snapshot.logScale = state.logScale
        snapshot.helpVisible = state.helpVisible
        if let notice, ContinuousClock.now - notice.since < .seconds(8) {
            snapshot.notice = notice.text
        }
        let frame = composer.compose(snapshot, layout: layout)
        screen.draw(frame, repaintAll: state.repaintRequested)
        lastFrame = frame
        state.repaintRequested = false
        lastDraw = .now
    }

    /// Writes the last frame and its values to files and reports the result in the status
    /// line.
    private func exportView() {
        state.exportRequested = false
        guard let lastFrame else { return }
        let text: String
        do {
            let stem = try ViewExporter().export(screen: lastFrame, lattice: cache.lattice,
                                                 source: source)
            let name = stem.split(separator: "/").last.map(String.init) ?? stem
            text = "exported \(name).*"
        } catch {
            text = "export failed: \(error)"
        }
        notice = (text, .now)
        state.repaintRequested = true
    }

    private func elapsedSinceDraw(_ interval: Duration) -> Bool {
        guard let lastDraw else { return true }
        return ContinuousClock.now - lastDraw >= interval
    }

    /// Chooses the heatmap style from the terminal's colours and glyphs.
    private static func style(for screen: TerminalScreen) -> HeatmapStyle {
        guard screen.colorDepth != .none else { return .shadeRamp }
        return screen.allowsUnicode ? .halfBlock : .solid
    }
}
