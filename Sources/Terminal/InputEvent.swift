/// One item of terminal input: a key, a mouse click on a cell, or a wheel turn.
enum InputEvent: Equatable {
    /// A key code from `wgetch`.
    case key(Int32)
    /// A click of the first button on the cell at (`column`, `row`).
    case click(column: Int, row: Int)
    /// A turn of the mouse wheel: up zooms in, down zooms out.
    case wheel(up: Bool)
}
