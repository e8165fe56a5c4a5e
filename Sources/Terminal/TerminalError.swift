/// A failure of the terminal itself, with a finished sentence for the user.
struct TerminalError: Error, CustomStringConvertible {
    let description: String
}
