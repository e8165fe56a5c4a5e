/// Finding a theme by name or path. The file reading itself is the caller's, through a
/// closure, so that this target stays free of input and output.
extension Theme {
    /// Loads the theme `nameOrPath` names.
    ///
    /// A value containing `/` or ending in `.theme` is a file path. Otherwise it is a name,
    /// looked up as `NAME.theme` in each of `folders` in turn, then among the built-in
    /// themes, so a file can replace a built-in theme of the same name.
    /// - Parameters:
    ///   - folders: the folders to search for a name, first match wins.
    ///   - readFile: returns the text of the file at a path, or nil when there is no such
    ///     file. It throws when the file exists but cannot be read.
    /// - Throws: `ThemeError` for a bad file or a name found nowhere, and whatever
    ///   `readFile` throws.
    public static func load(_ nameOrPath: String, folders: [String],
                            readFile: (String) throws -> String?) throws -> Theme {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".theme") {
            guard let text = try readFile(nameOrPath) else {
                throw ThemeError(file: nameOrPath, message: "theme file not found")
            }
            return try ThemeParser.parse(text, file: nameOrPath, name: name(of: nameOrPath))
        }
        for folder in folders {
            let path = (folder.hasSuffix("/") ? folder : folder + "/") + nameOrPath + ".theme"
            if let text = try readFile(path) {
                return try ThemeParser.parse(text, file: path, name: nameOrPath)
            }
        }
        if let theme = builtIn(named: nameOrPath) { return theme }
        let searched = folders.isEmpty ? "" : " in " + folders.joined(separator: ", ")
        throw ThemeError(file: nameOrPath, message: "no theme of this name\(searched); "
                         + "built-in themes are "
                         + builtIn.map(\.name).joined(separator: ", "))
    }

    /// Returns the `themes` folders to search for a program at `executablePath`: one in
    /// the working directory, then one beside each of the program's first four enclosing
    /// folders, nearest first.
    ///
    /// The program is usually built at `REPO/.build/CONFIG/landscape`, so the repository's
    /// own `themes` folder is among them.
    public static func searchFolders(executablePath: String) -> [String] {
        var folders = ["themes"]
        var components = executablePath.split(separator: "/", omittingEmptySubsequences: false)
        let root = executablePath.hasPrefix("/") ? "/" : ""
        for _ in 0..<4 where components.count > 1 {
            components.removeLast()
            let parent = components.filter { !$0.isEmpty }.joined(separator: "/")
            folders.append(root + (parent.isEmpty ? "" : parent + "/") + "themes")
        }
        return folders
    }

    /// Returns the file name of `path` without its folder and without `.theme`.
    private static func name(of path: String) -> String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        return file.hasSuffix(".theme") ? String(file.dropLast(6)) : file
    }
}
