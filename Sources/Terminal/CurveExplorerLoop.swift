import Engine
import Rendering

/// The event loop of the interpolation view: it decodes keys into commands, updates the
/// state, requests the points of a new window, composes the frame and writes the cells that
/// changed.
final class CurveExplorerLoop {
    /// The minimum time between frames that only add computed values. Keys redraw at once.
    static let progressRedrawInterval = Duration.milliseconds(100)
    /// The maximum time between frames while nothing is pending, so that the rate shown in
    /// the status line keeps up as it decays.
    static let idleRedrawInterval = Duration.milliseconds(500)

    private let curves: InterpolationCurves
    private let setup: CurveExplorerSetup
    private let screen: TerminalScreen
    private let composer: CurveFrameComposer
    private var state: CurveExplorerState
    /// The window and level of the current request.
    private var requested: (level: Int, indices: ClosedRange<Int>)?
    private var lastDraw: ContinuousClock.Instant?
    private var lastPendingCount = -1
    /// The state the last frame showed.
    private var drawnState: ShownState?
    /// The last frame drawn and its points, which `e` exports.
    private var lastFrame: (grid: CellGrid, points: [CurveSnapshot.Point])?
    /// The status-line message and when it was set; it shows for a few seconds.
    private var notice: (text: String, since: ContinuousClock.Instant)?

    init(curves: InterpolationCurves, setup: CurveExplorerSetup, options: ExplorerOptions,
         screen: TerminalScreen) {
        self.curves = curves
        self.setup = setup
        self.screen = screen
        composer = CurveFrameComposer(theme: options.themes.first ?? .dark,
                                      allowsUnicode: screen.allowsUnicode,
                                      usesColor: screen.colorDepth != .none)
        state = CurveExplorerState(view: CurveView(axis: setup.axis))
    }

    /// Runs until `q` (returning 0) or a signal (returning 128 plus its number).
    func run(until signals: SignalTrap) -> Int32 {
        while true {
            if let signal = signals.received {
                return 128 + signal
            }
            state.apply(screen.readInput().compactMap(command(for:)))
            if state.quitRequested {
                return 0
            }
            if state.exportRequested {
                exportView()
            }
            refresh()
        }
    }

    /// Returns the command of one input event: a key's, or a zoom for a wheel turn. Clicks
    /// do nothing, since the cursor has its keys.
    private func command(for event: InputEvent) -> KeyCommand? {
        switch event {
        case let .key(key): return KeyCommand(key: key)
        case let .wheel(up): return .zoom(factor: up ? 2 : 0.5)
        case .click: return nil
        }
    }

    /// Requests points if the window changed, then draws if anything may have changed.
    private func refresh() {
        let viewChanged = updateRequest()
        let pending = curves.train.pendingCount + curves.test.pendingCount
        let progressed = pending != lastPendingCount || pending > 0
        let interval = progressed ? CurveExplorerLoop.progressRedrawInterval
            : CurveExplorerLoop.idleRedrawInterval
        guard viewChanged || state.repaintRequested || shownState != drawnState
              || elapsedSinceDraw(interval) else { return }
        lastPendingCount = pending
        draw()
    }

    /// The parts of the state that a frame shows, compared so that a key that changes one
    /// redraws at once.
    private struct ShownState: Equatable {
        var view: CurveView
        var helpVisible: Bool
        var logScale: Bool
    }

    private var shownState: ShownState {
        ShownState(view: state.view, helpVisible: state.helpVisible, logScale: state.logScale)
    }

    /// Sends the window's points to both sources, coarse to fine, when the window or level
    /// changed. Returns whether it sent them.
    private func updateRequest() -> Bool {
        let view = state.view
        let key = (level: view.level, indices: view.indices)
        if let requested, requested == key { return false }
        requested = key
        let order = view.requestOrder().map { InterpolationCurves.point(at: view.t($0)) }
        curves.train.request(order)
        curves.test.request(order)
        return true
    }

    private func draw() {
        let size = screen.size
        let view = state.view
        let points = view.indices.map { index -> CurveSnapshot.Point in
            let t = view.t(index)
            let point = InterpolationCurves.point(at: t)
            return CurveSnapshot.Point(t: t, train: curves.train.value(at: point),
                                       test: curves.test.value(at: point),
                                       negativeVariances: curves.negativeVariances(at: t))
        }
        var snapshot = CurveSnapshot(title: setup.title, view: view, points: points,
                                     startName: setup.startName, endName: setup.endName)
        snapshot.pendingCount = curves.train.pendingCount + curves.test.pendingCount
        snapshot.pointsPerSecond = curves.train.pointsPerSecond + curves.test.pointsPerSecond
        snapshot.logScale = state.logScale
        snapshot.helpVisible = state.helpVisible
        if let notice, ContinuousClock.now - notice.since < .seconds(8) {
            snapshot.notice = notice.text
        }
        let grid = composer.compose(snapshot, width: size.width, height: size.height)
        screen.draw(grid, repaintAll: state.repaintRequested)
        lastFrame = (grid, points)
        drawnState = shownState
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
            let stem = try CurveExporter().export(screen: lastFrame.grid,
                                                  points: lastFrame.points)
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
}
