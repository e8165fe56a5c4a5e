import CNcursesw

/// A message decoded from one key press.
enum KeyCommand: Equatable {
    /// Move the view by eighths of its span: positive columns to the right, positive rows up.
    case pan(columns: Int, rows: Int)
    /// Divide the half-width by `factor`, keeping the centre.
    case zoom(factor: Double)
    case reset
    case quit
    /// Repaint every cell (Ctrl-L).
    case repaint
    /// The terminal changed size.
    case resize
    /// Switch the colour scale between linear and logarithmic.
    case toggleLogScale
    /// Show or hide the list of keys.
    case toggleHelp
    /// Close the help (Esc).
    case dismiss
    /// Write the current view to files.
    case export
    /// Make the next pane the active one (Tab).
    case nextPane
    /// Recompute every pane with the next normalization of the directions.
    case nextNormalization
    /// Show the other training run of each pane, such as the other weight decay.
    case switchRun
    /// Show the next quantity: loss or accuracy.
    case nextMetric
    /// Switch between one colour scale for all panes and one scale each.
    case toggleOwnScales
    /// Cycle the contour lines: off, over the heatmap, alone.
    case nextContourMode
    /// Switch to the next colour theme.
    case nextTheme
    /// Move the view's centre, where the cursor is, to a point (a mouse click).
    case center(alpha: Double, beta: Double)
    /// Make a pane the active one (a mouse click on it).
    case activate(pane: Int)

    /// Decodes a key code from `wgetch`; nil for keys with no command.
    init?(key: Int32) {
        if let command = KeyCommand.commands[key] {
            self = command
        } else {
            return nil
        }
    }

    private static let controlL: Int32 = 12

    private static let commands: [Int32: KeyCommand] = [
        KEY_LEFT: .pan(columns: -1, rows: 0), ascii("h"): .pan(columns: -1, rows: 0),
        KEY_RIGHT: .pan(columns: 1, rows: 0), ascii("l"): .pan(columns: 1, rows: 0),
        KEY_UP: .pan(columns: 0, rows: 1), ascii("k"): .pan(columns: 0, rows: 1),
        KEY_DOWN: .pan(columns: 0, rows: -1), ascii("j"): .pan(columns: 0, rows: -1),
        ascii("+"): .zoom(factor: 2), ascii("="): .zoom(factor: 2),
        ascii("-"): .zoom(factor: 0.5),
        ascii("0"): .reset,
        ascii("q"): .quit,
        controlL: .repaint,
        KEY_RESIZE: .resize,
        ascii("L"): .toggleLogScale,
        ascii("?"): .toggleHelp,
        ascii("e"): .export,
        tab: .nextPane,
        ascii("n"): .nextNormalization,
        ascii("w"): .switchRun,
        ascii("m"): .nextMetric,
        ascii("s"): .toggleOwnScales,
        ascii("v"): .nextMetric,
        ascii("c"): .nextContourMode,
        ascii("t"): .nextTheme,
        escape: .dismiss,
    ]

    private static let escape: Int32 = 27
    private static let tab: Int32 = 9

    private static func ascii(_ character: Character) -> Int32 {
        Int32(character.asciiValue ?? 0)
    }
}
