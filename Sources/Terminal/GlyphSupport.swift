/// Whether the front may write non-ASCII glyphs such as `▀`.
enum GlyphSupport {
    /// Decides from the locale's character set and the terminal type.
    ///
    /// Unicode needs a UTF-8 locale (`nl_langinfo(CODESET)`), and the Linux console
    /// (`TERM=linux`) lacks many of the glyphs, so it gets ASCII as well.
    static func allowsUnicode(codeset: String, term: String, forceASCII: Bool) -> Bool {
        !forceASCII && codeset == "UTF-8" && term != "linux"
    }
}
