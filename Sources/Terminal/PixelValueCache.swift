import Engine
import Rendering

/// The values of the plot's pixels for one view, looked up from the source frame by frame.
///
/// A pixel whose own lattice point (level offset 0) has a value keeps it for as long as
/// the view stays, so later frames query the source only for the pixels still pending or
/// drawn from a coarser level.
final class PixelValueCache {
    let lattice: PixelLattice
    private var settled: [PointValue?]

    init(lattice: PixelLattice) {
        self.lattice = lattice
        settled = Array(repeating: nil, count: lattice.width * lattice.height)
    }

    /// Returns the value of every pixel at the finest level offset computed so far.
    func values(from source: SurfaceSource) -> [PointValue?] {
        var values = settled
        for y in 0..<lattice.height {
            for x in 0..<lattice.width where settled[y * lattice.width + x] == nil {
                values[y * lattice.width + x] = lookUp(x: x, y: y, from: source)
            }
        }
        return values
    }

    /// Returns the value at the finest level offset, recording it if it is the pixel's own.
    private func lookUp(x: Int, y: Int, from source: SurfaceSource) -> PointValue? {
        for offset in 0...PixelLattice.coarsestOffset {
            if let value = source.value(at: lattice.point(x: x, y: y, offset: offset)) {
                if offset == 0 {
                    settled[y * lattice.width + x] = value
                }
                return value
            }
        }
        return nil
    }
}
