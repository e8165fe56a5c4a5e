import Foundation
import Rendering

/// The `--theme NAME|FILE` option of `explore` and `render`.
enum ThemeOption {
    static let usage = """
          --theme NAME     colour theme: dark (default), light, high-contrast, colorblind,
                           a NAME.theme file in a themes folder, or a path to a .theme file
        """

    /// Returns the theme `name` chooses, or the default when it is nil.
    ///
    /// - Throws: `ThemeError` naming the file, line and key of a bad theme file, or the
    ///   themes there are when none has the name.
    static func theme(_ name: String?) throws -> Theme {
        guard let name else { return .dark }
        let executable = (try? FileManager.default.destinationOfSymbolicLink(
            atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return try Theme.load(name, folders: Theme.searchFolders(executablePath: executable)) {
            path in
            guard FileManager.default.fileExists(atPath: path) else { return nil }
            do {
                return try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw ThemeError(file: path, message: "unreadable: \(error.localizedDescription)")
            }
        }
    }

    /// Returns the themes `t` cycles through: the chosen one, then the built-in ones.
    static func cycle(startingWith theme: Theme) -> [Theme] {
        [theme] + Theme.builtIn.filter { $0.name != theme.name }
    }
}
