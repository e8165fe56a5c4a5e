import Engine
import Rendering

/// The lattice points behind the plot's pixels, at the pixel spacing and up to three
/// levels coarser.
///
/// Level offset 0 has about one lattice point per pixel. Offset k has one per 2^k pixels
/// along each axis, so offset 3 is the coarse first pass over every 8th pixel. Each axis
/// snaps at the level of its own pixel spacing (`Lattice.level(forSpacing:)`), which keeps
/// computed points valid after zooming by two or panning by an eighth of the span.
struct PixelLattice {
    /// The coarsest level offset, requested first.
    static let coarsestOffset = 3

    let width: Int
    let height: Int
    /// `alphas[k][x]`: α of pixel column `x` snapped at level offset `k`.
    let alphas: [[Double]]
    /// `betas[k][y]`: β of pixel row `y` snapped at level offset `k`.
    let betas: [[Double]]

    init(viewport: Viewport, width: Int, height: Int) {
        self.width = max(width, 0)
        self.height = max(height, 0)
        alphas = PixelLattice.snappedAxis(count: self.width, spacing: viewport.spacing(across:)) {
            viewport.alpha(atColumn: $0, of: width)
        }
        betas = PixelLattice.snappedAxis(count: self.height, spacing: viewport.spacing(across:)) {
            viewport.beta(atRow: $0, of: height)
        }
    }

    /// The pixel at the view centre, where the cursor is.
    var cursor: (x: Int, y: Int) {
        (width / 2, height / 2)
    }

    /// Returns the lattice point of pixel (`x`, `y`) at level offset `offset`.
    func point(x: Int, y: Int, offset: Int) -> SurfacePoint {
        SurfacePoint(alpha: alphas[offset][x], beta: betas[offset][y])
    }

    /// Returns every point of the plot in request order: coarse level offsets first, and
    /// within one offset the pixels nearest the cursor first. Each point appears once.
    ///
    /// `extra` points go right after the coarsest level, ahead of the finer ones.
    func requestOrder(afterCoarsest extra: [SurfacePoint] = []) -> [SurfacePoint] {
        var seen = Set<SurfacePoint>()
        var order: [SurfacePoint] = []
        for offset in stride(from: PixelLattice.coarsestOffset, through: 0, by: -1) {
            if offset == PixelLattice.coarsestOffset - 1 {
                for point in extra where seen.insert(point).inserted {
                    order.append(point)
                }
            }
            for (x, y) in pixelsByDistance(offset: offset) {
                let point = point(x: x, y: y, offset: offset)
                if seen.insert(point).inserted {
                    order.append(point)
                }
            }
        }
        return order
    }

    /// Returns one pixel per distinct lattice point at `offset`, nearest the cursor first.
    private func pixelsByDistance(offset: Int) -> [(Int, Int)] {
        let columns = representatives(of: alphas[offset])
        let rows = representatives(of: betas[offset])
        let cursor = cursor
        var pixels: [(Int, Int)] = []
        pixels.reserveCapacity(columns.count * rows.count)
        for y in rows {
            for x in columns {
                pixels.append((x, y))
            }
        }
        func distance(_ pixel: (Int, Int)) -> Int {
            let dx = pixel.0 - cursor.x
            let dy = pixel.1 - cursor.y
            return dx * dx + dy * dy
        }
        return pixels.sorted { distance($0) < distance($1) }
    }

    /// Returns the first index of every run of equal values.
    private func representatives(of values: [Double]) -> [Int] {
        values.indices.filter { $0 == 0 || values[$0] != values[$0 - 1] }
    }

    /// Returns the snapped coordinates of `count` pixels at every level offset.
    private static func snappedAxis(count: Int, spacing: (Int) -> Double,
                                    coordinate: (Int) -> Double) -> [[Double]] {
        let finest = Lattice.level(forSpacing: spacing(count))
        return (0...coarsestOffset).map { offset in
            let level = max(finest - offset, 0)
            return (0..<count).map { Lattice.snap(coordinate($0), level: level) }
        }
    }
}
