import Engine
import Formats
import Foundation
import Rendering

/// Writes the current view to files: the screen as text, ANSI text, SVG and PNG, and the
/// values under the plot as CSV.
struct ViewExporter {
    /// The folder the files go to.
    var folder = FileManager.default.currentDirectoryPath

    /// Writes `<stem>.txt`, `.ansi`, `.svg`, `.png` and `.csv` and returns the stem's path.
    ///
    /// - Throws: `FormatError` naming the file that could not be written.
    func export(screen grid: CellGrid, lattice: PixelLattice, source: SurfaceSource) throws
        -> String
    {
        let stem = folder + "/landscape-view-" + timestamp()
        try AtomicFile.write(TextExport.plain(grid), to: stem + ".txt")
        try AtomicFile.write(TextExport.ansi(grid), to: stem + ".ansi")
        try AtomicFile.write(SVGExport().document(grid), to: stem + ".svg")
        let image = CellRaster().image(of: grid)
        try AtomicFile.write(PNGEncoder.encode(width: image.width, height: image.height,
                                               pixels: image.pixels, path: stem + ".png"),
                             to: stem + ".png")
        try AtomicFile.write(csv(lattice: lattice, source: source), to: stem + ".csv")
        return stem
    }

    /// One row per distinct plot point, top row first: alpha, beta, loss, accuracy (a
    /// fraction); pending points have empty value fields.
    func csv(lattice: PixelLattice, source: SurfaceSource) -> String {
        var lines = ["alpha,beta,loss,accuracy"]
        var seen = Set<SurfacePoint>()
        for y in 0..<lattice.height {
            for x in 0..<lattice.width {
                let point = lattice.point(x: x, y: y, offset: 0)
                guard seen.insert(point).inserted else { continue }
                let value = source.value(at: point)
                let fields = value.map { "\($0.loss),\($0.accuracy)" } ?? ","
                lines.append("\(point.alpha),\(point.beta),\(fields)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func timestamp() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return formatter.string(from: Date())
    }
}
