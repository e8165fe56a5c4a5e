extension PixelLattice {
    /// The regular grid of lattice points that a CSV export writes: along each axis, the
    /// distinct values of the finest level offset at which they are evenly spaced, in
    /// increasing order.
    ///
    /// Offset 0 is even only when the pixel spacing is a power of two. Otherwise its values
    /// skip a lattice step here and there, and offset 1, whose step is at least the pixel
    /// spacing, contains every lattice value of its level across the view. The view requests
    /// every offset, so each grid point is computed by the time the view is complete.
    var exportGrid: (alphas: [Double], betas: [Double]) {
        (PixelLattice.evenAxis(alphas), PixelLattice.evenAxis(betas))
    }

    /// Returns the sorted distinct values of the finest level offset in `levels` whose
    /// values are evenly spaced.
    ///
    /// NOTE: Beyond a pixel spacing of 1, every offset snaps to level 0, the integers, and
    /// none may be even. The values of offset 0 are then returned, unevenly spaced.
    static func evenAxis(_ levels: [[Double]]) -> [Double] {
        // Adding zero turns -0.0, the snap of a small negative value, into 0.0.
        let candidates = levels.map { Array(Set($0.map { $0 + 0 })).sorted() }
        let even = candidates.first { values in
            let steps = zip(values.dropFirst(), values).map { $0 - $1 }
            return Set(steps).count <= 1
        }
        return even ?? candidates.first ?? []
    }
}
