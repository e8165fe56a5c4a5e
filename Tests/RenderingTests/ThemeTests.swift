import Foundation
import Rendering
import XCTest

/// Returns the text of `themes/NAME.theme` in this repository.
func repositoryTheme(_ name: String) throws -> String {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    return try String(contentsOf: root.appendingPathComponent("themes/\(name).theme"),
                      encoding: .utf8)
}

final class ThemeFileTests: XCTestCase {
    /// The files in themes/ and the built-in values must not drift apart.
    func testFilesMatchBuiltInThemes() throws {
        for theme in Theme.builtIn {
            let text = try repositoryTheme(theme.name)
            let parsed = try ThemeParser.parse(text, file: "themes/\(theme.name).theme",
                                               name: theme.name)
            XCTAssertEqual(parsed, theme, theme.name)
        }
    }

    func testFilesSetEveryKey() throws {
        for theme in Theme.builtIn {
            let text = try repositoryTheme(theme.name)
            for key in ThemeParser.keys {
                XCTAssertTrue(text.contains("\n\(key) ="), "\(theme.name) lacks \(key)")
            }
        }
    }

    func testGoodFile() throws {
        let text = """
            # A test theme.

            colormap = #000000, #ff0000 , #FFFFFF
            title =
            cursor = #1F77b4\r
              axes   =   #010203
            series = #111111
            nan-glyph = ~
            pending-glyph = space
            series-markers = a  b
            """
        let theme = try ThemeParser.parse(text, file: "t.theme", name: "t")
        XCTAssertEqual(theme.name, "t")
        XCTAssertEqual(theme.colorMap.stops, [RGB(0, 0, 0), RGB(255, 0, 0), RGB(255, 255, 255)])
        XCTAssertNil(theme.title)
        XCTAssertEqual(theme.cursor, RGB(hex: 0x1F77B4))
        XCTAssertEqual(theme.axes, RGB(1, 2, 3))
        XCTAssertEqual(theme.series, [RGB(hex: 0x111111)])
        XCTAssertEqual(theme.nanGlyph, "~")
        XCTAssertEqual(theme.pendingGlyph, " ")
        XCTAssertEqual(theme.seriesMarkers, ["a", "b"])
        XCTAssertEqual(theme.status, Theme.dark.status, "keys left out keep the default")
        XCTAssertEqual(theme.seriesStyle(at: 3).color, RGB(hex: 0x111111))
        XCTAssertEqual(theme.seriesStyle(at: 3).marker, "b")
    }

    func testNamedColorMap() throws {
        let theme = try ThemeParser.parse("colormap = magma", file: "t.theme", name: "t")
        XCTAssertEqual(theme.colorMap, .magma)
    }

    /// Every kind of bad line, with the whole printed message.
    func testBadLines() {
        let cases: [(line: String, message: String)] = [
            ("cursor = blue",
             "x.theme:2: key 'cursor': expected a colour like #1f77b4, or nothing for the "
                + "terminal's own colour, got 'blue'"),
            ("cursor = #12345",
             "x.theme:2: key 'cursor': expected a colour like #1f77b4, or nothing for the "
                + "terminal's own colour, got '#12345'"),
            ("cursor = #12345g",
             "x.theme:2: key 'cursor': expected a colour like #1f77b4, or nothing for the "
                + "terminal's own colour, got '#12345g'"),
            ("nan =",
             "x.theme:2: key 'nan': expected a colour like #1f77b4, got ''"),
            ("cursur = #ffffff",
             "x.theme:2: key 'cursur': unknown key, expected one of "
                + ThemeParser.keys.joined(separator: ", ")),
            ("cursor #ffffff",
             "x.theme:2: expected 'key = value', got 'cursor #ffffff'"),
            ("= #ffffff",
             "x.theme:2: expected a key before '='"),
            ("colormap = jet",
             "x.theme:2: key 'colormap': expected a colour-map name (viridis, cividis, "
                + "magma, grayscale, diverging) or two or more colours like #440154, "
                + "#fde725, got 'jet'"),
            ("colormap = #440154",
             "x.theme:2: key 'colormap': expected a colour-map name (viridis, cividis, "
                + "magma, grayscale, diverging) or two or more colours like #440154, "
                + "#fde725, got '#440154'"),
            ("series = #111111,,#222222",
             "x.theme:2: key 'series': expected one or more colours separated by commas, "
                + "like #1f77b4, #ff7f0e, got '#111111,,#222222'"),
            ("series =",
             "x.theme:2: key 'series': expected one or more colours separated by commas, "
                + "like #1f77b4, #ff7f0e, got ''"),
            ("nan-glyph = ab",
             "x.theme:2: key 'nan-glyph': expected one printable ASCII character or "
                + "'space', got 'ab'"),
            ("nan-glyph = é",
             "x.theme:2: key 'nan-glyph': expected one printable ASCII character or "
                + "'space', got 'é'"),
            ("series-markers = o xx",
             "x.theme:2: key 'series-markers': expected printable ASCII characters "
                + "separated by spaces, like o x + *, got 'o xx'"),
            ("title = #ffffff",
             "x.theme:2: key 'title': set twice, first on line 1"),
        ]
        for (line, message) in cases {
            let text = "title = #000000\n" + line + "\n"
            XCTAssertThrowsError(try ThemeParser.parse(text, file: "x.theme", name: "x"),
                                 line) { error in
                XCTAssertEqual((error as? ThemeError)?.description, message, line)
            }
        }
    }
}

final class ThemeLoadingTests: XCTestCase {
    let files = [
        "themes/dark.theme": "cursor = #123456",
        "/repo/themes/ocean.theme": "colormap = cividis",
        "my/bad.theme": "\n\ncursor = red",
    ]

    func load(_ nameOrPath: String, folders: [String] = ["themes", "/repo/themes"]) throws
        -> Theme {
        try Theme.load(nameOrPath, folders: folders) { self.files[$0] }
    }

    func testFolderFileWinsOverBuiltIn() throws {
        XCTAssertEqual(try load("dark").cursor, RGB(hex: 0x123456))
        XCTAssertEqual(try load("ocean").colorMap, .cividis)
        XCTAssertEqual(try load("ocean").name, "ocean")
        XCTAssertEqual(try load("light"), Theme.light)
        XCTAssertEqual(try load("dark", folders: []), Theme.dark)
    }

    func testPathAndErrors() throws {
        XCTAssertEqual(try load("/repo/themes/ocean.theme").name, "ocean")
        XCTAssertThrowsError(try load("my/bad.theme")) { error in
            XCTAssertEqual("\(error)", "my/bad.theme:3: key 'cursor': expected a colour like "
                           + "#1f77b4, or nothing for the terminal's own colour, got 'red'")
        }
        XCTAssertThrowsError(try load("gone.theme")) { error in
            XCTAssertEqual("\(error)", "gone.theme: theme file not found")
        }
        XCTAssertThrowsError(try load("sunset")) { error in
            XCTAssertEqual("\(error)", "sunset: no theme of this name in themes, "
                           + "/repo/themes; built-in themes are dark, light, high-contrast, "
                           + "colorblind")
        }
    }

    func testSearchFolders() {
        XCTAssertEqual(Theme.searchFolders(executablePath: "/src/repo/.build/debug/landscape"),
                       ["themes", "/src/repo/.build/debug/themes", "/src/repo/.build/themes",
                        "/src/repo/themes", "/src/themes"])
        XCTAssertEqual(Theme.searchFolders(executablePath: "landscape"), ["themes"])
    }
}

final class ThemeApplicationTests: XCTestCase {
    func testRenderersTakeThemeColours() {
        let theme = Theme.colorblind
        let heatmap = Heatmap(style: .halfBlock, theme: theme)
        XCTAssertEqual(heatmap.colorMap, .cividis)
        XCTAssertEqual(heatmap.nanGlyph, "?")
        XCTAssertEqual(ContourLayer(theme: theme).color, theme.contour)

        let series = (0..<8).map { CurveSeries(name: "\($0)", x: [0], y: [0]) }
        let plot = CurvePlot(series: series, theme: theme)
        XCTAssertEqual(plot.series.map(\.color), (0..<8).map { theme.series[$0 % 6] })
        XCTAssertEqual(plot.series.map(\.marker), Array("ox+*#@ox"))
        XCTAssertEqual(plot.axisColor, theme.axes)
        XCTAssertEqual(plot.cursorColor, theme.cursor)
    }
}
