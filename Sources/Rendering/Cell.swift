/// One terminal cell: a character and its colours.
///
/// A nil colour is the terminal's own default foreground or background, which the front
/// never assumes to be black or white.
public struct Cell: Equatable, Sendable {
    /// The character drawn, one column wide.
    public var character: Character
    public var foreground: RGB?
    public var background: RGB?

    public init(_ character: Character, foreground: RGB? = nil, background: RGB? = nil) {
        self.character = character
        self.foreground = foreground
        self.background = background
    }

    /// A space in the default colours.
    public static let blank = Cell(" ")
}
