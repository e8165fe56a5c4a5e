import Engine
import Formats
import Foundation
import Rendering

/// Writes the current view to files: the screen as text, ANSI text, SVG and PNG, and the
/// values under the plot as CSV.
struct ViewExporter {
    /// The folder the files go to.
    var folder = FileManager.default.currentDirectoryPath

    /// The file formats, named by their extensions.
    enum Format: String, CaseIterable {
        case txt, ansi, svg, png, csv

        /// The format of `path`'s extension, or nil.
        init?(path: String) {
            guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else {
                return nil
            }
            self.init(rawValue: path[path.index(after: dot)...].lowercased())
        }
    }

    static func unknownFormat(_ path: String) -> FormatError {
        FormatError(file: path, message: "unknown export format, expected a name ending in "
                    + Format.allCases.map { "." + $0.rawValue }.joined(separator: ", "))
    }

    /// Writes `<stem>.txt`, `.ansi`, `.svg`, `.png` and `.csv` and returns the stem's path.
    ///
    /// - Throws: `FormatError` naming the file that could not be written.
    func export(screen grid: CellGrid, lattice: PixelLattice, panes: [ExplorerPane]) throws
        -> String
    {
        let stem = uniqueStem()
        for format in Format.allCases {
            try write(format, screen: grid, lattice: lattice, panes: panes,
                      to: stem + "." + format.rawValue)
        }
        return stem
    }

    /// Returns a path without extension in `folder` for a new export: `landscape-view-`
    /// and the time, with `-2`, `-3` and so on added when a `.txt` of that name exists.
    func uniqueStem() -> String {
        var stem = folder + "/landscape-view-" + timestamp()
        let base = stem
        var copy = 1
        while FileManager.default.fileExists(atPath: stem + ".txt") {
            copy += 1
            stem = base + "-\(copy)"
        }
        return stem
    }

    /// Writes one file of the view in `format`, atomically.
    func write(_ format: Format, screen grid: CellGrid, lattice: PixelLattice,
               panes: [ExplorerPane], to path: String) throws {
        if format == .csv {
            let text = csv(lattice: lattice, panes: panes)
            try FileBytes.writeAtomically(Array(text.utf8), to: path)
        } else {
            try writeScreen(format, screen: grid, to: path)
        }
    }

    /// Writes the screen `grid` in `format`, atomically; `.csv` writes nothing, because it
    /// contains the values under the plot rather than the screen.
    func writeScreen(_ format: Format, screen grid: CellGrid, to path: String) throws {
        switch format {
        case .txt:
            try FileBytes.writeAtomically(Array(TextExport.plain(grid).utf8), to: path)
        case .ansi:
            try FileBytes.writeAtomically(Array(TextExport.ansi(grid).utf8), to: path)
        case .svg:
            try FileBytes.writeAtomically(Array(SVGExport().document(grid).utf8), to: path)
        case .png:
            let image = CellRaster().image(of: grid)
            let png = try PNGEncoder.encode(width: image.width, height: image.height,
                                            pixels: image.pixels, path: path)
            try FileBytes.writeAtomically(png, to: path)
        case .csv:
            break
        }
    }

    /// Returns the CSV of the view's values on a regular grid, `PixelLattice.exportGrid`:
    /// one row per grid point and pane, β in the outer loop and α in the inner one, both
    /// increasing, as `landscape surface` writes them.
    ///
    /// The columns are alpha, beta, loss and accuracy (a fraction), after a first column
    /// naming the pane's model when there are several panes. Coordinates are lattice values,
    /// written in the shortest text that reads back to them exactly, and each value is the
    /// one computed at exactly that point. A point not yet computed has empty loss and
    /// accuracy fields, while a diverged one reads nan or inf.
    func csv(lattice: PixelLattice, panes: [ExplorerPane]) -> String {
        let named = panes.count > 1
        let grid = lattice.exportGrid
        var lines = [(named ? "model," : "") + "alpha,beta,loss,accuracy"]
        for pane in panes {
            let prefix = named ? pane.title + "," : ""
            for beta in grid.betas {
                for alpha in grid.alphas {
                    let value = pane.source.value(at: SurfacePoint(alpha: alpha, beta: beta))
                    let fields = value.map { number($0.loss) + "," + number($0.accuracy) }
                    lines.append(prefix + "\(alpha),\(beta)," + (fields ?? ","))
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Returns the shortest text that reads back to `value`, and `nan` for every NaN,
    /// because Swift writes a NaN with its sign bit set as `-nan`.
    private func number(_ value: Float) -> String {
        value.isNaN ? "nan" : "\(value)"
    }

    private func timestamp() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return formatter.string(from: Date())
    }
}
