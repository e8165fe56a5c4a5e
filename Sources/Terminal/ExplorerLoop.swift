import Engine
import Formats
import Foundation
import Rendering

/// The event loop, which decodes keys into commands, updates the state, requests points for
/// a new view, composes the frame and writes the cells that changed.
final class ExplorerLoop {
    /// The minimum time between frames that only add computed values. Keys redraw at once;
    /// this caps the work of looking values up while the sources are busy.
    static let progressRedrawInterval = Duration.milliseconds(100)
    /// The maximum time between frames while nothing is pending, so that the rate shown in
    /// the status line keeps up as it decays.
    static let idleRedrawInterval = Duration.milliseconds(500)

    private let deck: PaneDeck
    private let options: ExplorerOptions
    private let screen: TerminalScreen
    private var composer: FrameComposer
    private var state = ExplorerState()
    /// The panes on screen, and which normalization and run they belong to.
    private var group: PaneGroup
    private var groupKey = (normalization: 0, run: 0)
    private var requested: RequestKey?
    private var caches: [PixelValueCache] = []
    /// The caches of the eigenvalue sources while the non-convexity map is shown.
    private var eigenCaches: [PixelValueCache?] = []
    private var lastDraw: ContinuousClock.Instant?
    private var lastPendingCount = -1
    /// The last frame drawn, which `e` exports.
    private var lastFrame: CellGrid?
    /// The file that receives the time from each key to its frame, for benchmarks.
    private let latencyLog = LatencyLog.fromEnvironment()
    /// The sources' notices already shown, each of which shows once.
    private var shownSourceNotices: Set<String> = []
    /// The status-line message and when it was set; it shows for a few seconds.
    private var notice: (text: String, since: ContinuousClock.Instant)?

    /// The view, plot size and pane group that the current request was made for.
    private struct RequestKey: Equatable {
        var viewport: Viewport
        var width: Int
        var height: Int
        var normalization: Int
        var run: Int
        var eigenvalues: Bool
    }

    init(deck: PaneDeck, options: ExplorerOptions, screen: TerminalScreen) {
        self.deck = deck
        self.options = options
        self.screen = screen
        composer = FrameComposer(style: ExplorerLoop.style(for: screen),
                                 theme: options.themes.first ?? .dark,
                                 allowsUnicode: screen.allowsUnicode,
                                 contourLevels: options.contourLevels)
        group = deck.group(normalization: 0, run: 0)
        state.paneCount = group.panes.count
        state.hasEigenvalues = group.panes.contains { $0.eigenSource != nil }
        state.normalizationCount = deck.normalizations.count
        state.runCount = deck.runs.count
        state.themeCount = max(options.themes.count, 1)
        state.home = Viewport(halfWidth: group.halfWidth)
        state.viewport = state.home
    }

    /// Runs until `q` (returning 0) or a signal (returning 128 plus its number).
    func run(until signals: SignalTrap) -> Int32 {
        while true {
            if let signal = signals.received {
                return 128 + signal
            }
            let commands = screen.readInput().flatMap(commands(for:))
            let received = ContinuousClock.now
            state.apply(commands)
            if state.quitRequested {
                return 0
            }
            if commands.contains(.switchRun), deck.runs.count < 2 {
                notice = ("no other training run to switch to", .now)
            }
            if commands.contains(.nextNormalization), deck.normalizations.count < 2 {
                notice = ("the directions are fixed: no normalization to cycle", .now)
            }
            switchGroupIfNeeded()
            if commands.contains(.nextTheme), options.themes.count > 1 {
                let theme = options.themes[state.theme % options.themes.count]
                composer = FrameComposer(style: composer.pane.heatmap.style, theme: theme,
                                         allowsUnicode: screen.allowsUnicode,
                                         contourLevels: options.contourLevels)
                notice = ("theme \(theme.name)", .now)
                state.repaintRequested = true
            }
            if state.exportRequested {
                exportView()
            }
            refresh()
            if !commands.isEmpty {
                latencyLog?.record(ContinuousClock.now - received)
            }
        }
    }

    /// Returns the commands of one input event: a key's, a zoom for a wheel turn, and for a
    /// click on a plot, the clicked point as the new centre and its pane as the active one.
    private func commands(for event: InputEvent) -> [KeyCommand] {
        switch event {
        case let .key(key):
            return KeyCommand(key: key).map { [$0] } ?? []
        case let .wheel(up):
            return [.zoom(factor: up ? 2 : 0.5)]
        case let .click(column, row):
            let size = screen.size
            let layout = ExplorerLayout(width: size.width, height: size.height,
                                        paneCount: group.panes.count)
            guard let lattice = caches.first?.lattice,
                  let target = layout.plotPixel(atColumn: column, row: row, pane: composer.pane),
                  target.x < lattice.width, target.y < lattice.height else { return [] }
            let point = lattice.point(x: target.x, y: target.y, offset: 0)
            let pane = layout.showsAllPanes ? target.slot : state.activePane
            return [.center(alpha: point.alpha, beta: point.beta), .activate(pane: pane)]
        }
    }

    /// Shows the group that the state's normalization and run name, keeping the view on the
    /// same region relative to each group's scale.
    private func switchGroupIfNeeded() {
        let key = (state.normalization, state.run)
        guard key != groupKey else { return }
        let previous = group
        for pane in previous.panes {
            pane.source.request([])
            pane.eigenSource?.request([])
        }
        group = deck.group(normalization: key.0, run: key.1)
        groupKey = key
        let ratio = group.halfWidth / previous.halfWidth
        state.home = Viewport(halfWidth: group.halfWidth)
        state.viewport = Viewport(centerAlpha: state.viewport.centerAlpha * ratio,
                                  centerBeta: state.viewport.centerBeta * ratio,
                                  halfWidth: state.viewport.halfWidth * ratio)
        state.paneCount = group.panes.count
        state.hasEigenvalues = group.panes.contains { $0.eigenSource != nil }
        state.repaintRequested = true
    }

    /// Requests points if the view, size or group changed, then draws if anything may have
    /// changed.
    private func refresh() {
        let size = screen.size
        let layout = ExplorerLayout(width: size.width, height: size.height,
                                    paneCount: group.panes.count)
        let viewChanged = updateRequest(layout: layout)
        let pending = group.panes.reduce(0) {
            $0 + $1.source.pendingCount + ($1.eigenSource?.pendingCount ?? 0)
        }
        let progressed = pending != lastPendingCount || pending > 0
        let interval = progressed ? ExplorerLoop.progressRedrawInterval
            : ExplorerLoop.idleRedrawInterval
        guard viewChanged || state.repaintRequested || elapsedSinceDraw(interval) else {
            return
        }
        lastPendingCount = pending
        draw(layout: layout)
    }

    /// The basin-width readout of the current group, searched to twice its first view's
    /// half-width on each side.
    private var basin: BasinReadout {
        BasinReadout(reach: 2 * group.halfWidth)
    }

    /// Sends a new request to every pane's source when the view, plot size or group changed;
    /// returns whether it did.
    private func updateRequest(layout: ExplorerLayout) -> Bool {
        let (width, height) = layout.plotPixels(composer.pane)
        let eigenvalues = state.metric == .nonConvexity
        let key = RequestKey(viewport: state.viewport, width: width, height: height,
                             normalization: groupKey.normalization, run: groupKey.run,
                             eigenvalues: eigenvalues)
        guard key != requested else { return false }
        let moved = requested.map { $0.viewport != key.viewport || $0.width != width
            || $0.height != height || $0.normalization != key.normalization
            || $0.run != key.run } ?? true
        requested = key
        let lattice = PixelLattice(viewport: state.viewport, width: width, height: height)
        if moved {
            caches = group.panes.map { _ in PixelValueCache(lattice: lattice) }
            let order = lattice.requestOrder(afterCoarsest: basin.points)
            for pane in group.panes {
                pane.source.request(order)
            }
        }
        let eigenOrder = eigenvalues ? lattice.requestOrder() : []
        eigenCaches = group.panes.map { pane in
            pane.eigenSource?.request(eigenOrder)
            return eigenvalues && pane.eigenSource != nil ? PixelValueCache(lattice: lattice)
                : nil
        }
        return true
    }

    private func draw(layout: ExplorerLayout) {
        let parts = [options.title, group.summary].filter { !$0.isEmpty }
        var snapshot = FrameSnapshot(
            title: parts.joined(separator: "  "), viewport: state.viewport,
            lattice: caches.first?.lattice ?? PixelLattice(viewport: state.viewport,
                                                           width: 0, height: 0),
            panes: zip(group.panes, caches).map {
                var pane = PaneSnapshot(title: $0.title, cache: $1, source: $0.source)
                pane.basin = basin.measure($0.source)
                return pane
            })
        snapshot.eigenSummary = options.eigenSummary
        for (index, pane) in group.panes.enumerated() {
            if let source = pane.eigenSource, index < eigenCaches.count,
               let cache = eigenCaches[index] {
                snapshot.panes[index].addEigenvalues(cache: cache, source: source)
            }
        }
        snapshot.logScale = state.logScale
        snapshot.helpVisible = state.helpVisible
        snapshot.ownScales = state.ownScales
        snapshot.metric = state.metric
        snapshot.contours = state.contours
        snapshot.trajectory = group.trajectory
        snapshot.activePane = min(state.activePane, group.panes.count - 1)
        for case let text? in group.panes.map(\.source.notice)
            where shownSourceNotices.insert(text).inserted {
            notice = (text, .now)
        }
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
        guard let lastFrame, let lattice = caches.first?.lattice else { return }
        let text: String
        do {
            let stem = try ViewExporter().export(screen: lastFrame, lattice: lattice,
                                                 panes: group.panes)
            let name = stem.split(separator: "/").last.map(String.init) ?? stem
            text = "exported \(name).*"
        } catch let error as FormatError {
            // The reason first, so that a cut status line still shows it.
            let folder = (error.file as NSString).deletingLastPathComponent
            text = "export failed: \(error.message) (in \(folder.isEmpty ? "." : folder))"
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
        guard screen.colorDepth != .none else {
            return screen.allowsUnicode ? .brailleDots : .shadeRamp
        }
        return screen.allowsUnicode ? .halfBlock : .solid
    }
}
