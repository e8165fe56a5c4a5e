import CNcursesw
import Glibc
import Rendering

/// The ncurses session: it owns the terminal from `init` to `close`, reads keys and writes
/// the cells that changed since the previous frame.
final class TerminalScreen {
    /// How long `readInput` waits for the first key, in milliseconds.
    static let keyTimeout: Int32 = 30
    /// The escape delay in milliseconds, short so that a lone Esc takes effect at once.
    /// A value in the `ESCDELAY` environment variable takes precedence.
    static let escapeDelay: Int32 = 25

    let colorDepth: ColorDepth
    let allowsUnicode: Bool
    private let screen: OpaquePointer
    private let pairs: ColorPairCache
    private var previous: CellGrid?
    private var isOpen = true

    /// Starts ncurses on standard input and output: cbreak, no echo, keypad keys, hidden
    /// cursor, and colours with the terminal's own background where the terminal has them.
    ///
    /// - Throws: `TerminalError` when the terminal type is unknown to terminfo.
    init(options: ExplorerOptions) throws {
        setlocale(LC_ALL, "")
        let term = TerminalScreen.environment("TERM") ?? ""
        guard isatty(STDIN_FILENO) != 0, isatty(STDOUT_FILENO) != 0 else {
            throw TerminalError(description: "the explorer needs a terminal on standard input "
                + "and output; use 'landscape render' or 'landscape surface' to write files")
        }
        guard let screen = newterm(nil, stdout, stdin) else {
            throw TerminalError(description: "failed to start the terminal: TERM=\(term) is "
                + "not in the terminfo database; set TERM to a known type such as xterm-256color")
        }
        guard TerminalScreen.canMoveCursor else {
            endwin()
            delscreen(screen)
            throw TerminalError(description: "TERM=\(term) cannot move the cursor, so the "
                + "explorer cannot draw; set TERM to a type such as xterm-256color")
        }
        self.screen = screen
        TerminalScreen.configureInput()
        let codeset = String(cString: nl_langinfo(nl_item(CODESET)))
        allowsUnicode = GlyphSupport.allowsUnicode(codeset: codeset, term: term,
                                                   forceASCII: options.forceASCII)
        let (depth, hasDefaultColors) = TerminalScreen.startColor(options: options)
        colorDepth = depth
        pairs = ColorPairCache(depth: depth, hasDefaultColors: hasDefaultColors)
    }

    /// Whether the terminal has cursor addressing (terminfo `cup`), which `TERM=dumb` lacks.
    private static var canMoveCursor: Bool {
        guard let capability = tigetstr("cup") else { return false }
        return Int(bitPattern: capability) != -1
    }

    /// The screen size in cells.
    var size: (width: Int, height: Int) {
        (Int(COLS), Int(LINES))
    }

    /// Waits up to `keyTimeout` for input, then returns it with everything queued after it.
    ///
    /// Draining the queue lets held keys merge into one view change instead of piling up.
    func readInput() -> [InputEvent] {
        var events: [InputEvent] = []
        var key = wgetch(stdscr)
        wtimeout(stdscr, 0)
        while key != ERR {
            if key == KEY_MOUSE {
                events += TerminalScreen.mouseEvent().map { [$0] } ?? []
            } else {
                events.append(.key(key))
            }
            key = wgetch(stdscr)
        }
        wtimeout(stdscr, TerminalScreen.keyTimeout)
        return events
    }

    /// Returns the pending mouse event as a click or a wheel turn, or nil for other buttons.
    private static func mouseEvent() -> InputEvent? {
        var event = MEVENT()
        guard getmouse(&event) == OK else { return nil }
        if event.bstate & landscape_wheel_up() != 0 { return .wheel(up: true) }
        if event.bstate & landscape_wheel_down() != 0 { return .wheel(up: false) }
        if event.bstate & landscape_mouse_click() != 0 {
            return .click(column: Int(event.x), row: Int(event.y))
        }
        return nil
    }

    /// Writes the cells of `grid` that differ from the previous frame, or all of them after
    /// a size change or when `repaintAll` is set, and updates the terminal.
    func draw(_ grid: CellGrid, repaintAll: Bool) {
        let sizeChanged = previous?.width != grid.width || previous?.height != grid.height
        let full = repaintAll || sizeChanged
        if full {
            clearok(curscr, true)
        }
        for y in 0..<grid.height {
            for x in 0..<grid.width where full || previous?[x, y] != grid[x, y] {
                put(grid[x, y], x: x, y: y)
            }
        }
        previous = grid
        wrefresh(stdscr)
    }

    /// Restores the terminal: mouse reports off, cooked mode, echo, cursor and the main
    /// screen. Idempotent.
    func close() {
        guard isOpen else { return }
        isOpen = false
        mousemask(0, nil)
        endwin()
        delscreen(screen)
    }

    private func put(_ cell: Cell, x: Int, y: Int) {
        var text: [wchar_t] = [glyph(cell.character), 0]
        var pair = pairs.pair(foreground: cell.foreground, background: cell.background)
        var character = cchar_t()
        setcchar(&character, &text, attr_t(0), 0, &pair)
        mvwadd_wch(stdscr, Int32(y), Int32(x), &character)
    }

    /// Returns the wide character for `character`, `?` for what the terminal cannot show.
    ///
    /// NOTE: a character two columns wide (CJK, most emoji) is passed through and shifts the
    /// rest of its row by one cell; only the title line can contain one today.
    private func glyph(_ character: Character) -> wchar_t {
        let scalar = character.unicodeScalars.first?.value ?? 0x3F
        let printable = scalar >= 0x20 && scalar != 0x7F
        guard printable, allowsUnicode || scalar < 0x80 else { return 0x3F }
        return wchar_t(bitPattern: scalar)
    }

    private static func configureInput() {
        cbreak()
        noecho()
        keypad(stdscr, true)
        curs_set(0)
        wtimeout(stdscr, TerminalScreen.keyTimeout)
        if TerminalScreen.environment("ESCDELAY") == nil {
            set_escdelay(TerminalScreen.escapeDelay)
        }
        mouseinterval(0)
        mousemask(landscape_mouse_click() | landscape_wheel_up() | landscape_wheel_down(), nil)
    }

    /// Starts colour when the terminal has it and returns the depth in use and whether the
    /// terminal's own colours are available as -1.
    private static func startColor(options: ExplorerOptions) -> (ColorDepth, Bool) {
        let colors = has_colors() ? Int(tigetnum("colors")) : 0
        var environment: [String: String] = [:]
        environment["NO_COLOR"] = TerminalScreen.environment("NO_COLOR")
        let depth = ColorDepth.choose(colors: colors, disabled: options.disableColor,
                                      environment: environment)
        guard depth != .none, start_color() != ERR else { return (.none, false) }
        return (depth, use_default_colors() != ERR)
    }

    private static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
