import Engine
import Rendering

/// The width of the basin around α = 0 on the 1D curve f(α) = L(θ + αδ), read from points
/// the pane's source computes: the α interval where the loss stays below `multiple` times
/// its value at 0.
///
/// The curve is sampled at `stepsPerSide` points on each side up to `reach`. Each edge is
/// placed by linear interpolation between the last point under the threshold and the first
/// at or above it, so an edge is within reach / stepsPerSide of the exact crossing.
/// NaN or infinite losses count as above the threshold.
struct BasinReadout {
    /// The threshold as a multiple of the loss at 0.
    static let multiple: Float = 2
    static let stepsPerSide = 128

    /// How far the search goes on each side of 0.
    let reach: Double

    /// The points of the curve, 0 first and then outward, one side after the other.
    var points: [SurfacePoint] {
        let steps = BasinReadout.stepsPerSide
        let outward = (1...steps).flatMap { [alpha(of: $0), alpha(of: -$0)] }
        return ([0.0] + outward).map { SurfacePoint(alpha: $0, beta: 0) }
    }

    /// The measured interval, nil while a point it needs is pending.
    struct Basin: Equatable {
        /// The left and right edges, nil when the loss stays under the threshold to `reach`.
        var left: Double?
        var right: Double?
        let reach: Double

        /// The heading text: the width, or a lower bound when an edge is beyond reach.
        var text: String {
            let multiple = NumberText.significant(Double(BasinReadout.multiple))
            guard let left, let right else {
                let known = (right ?? reach) - (left ?? -reach)
                return "basin x\(multiple) >" + NumberText.significant(known, digits: 3)
            }
            return "basin x\(multiple) " + NumberText.significant(right - left, digits: 3)
        }
    }

    /// Reads the basin from `source`'s computed points, or nil while one it needs is pending.
    func measure(_ source: SurfaceSource) -> Basin? {
        guard let center = source.value(at: SurfacePoint(alpha: 0, beta: 0)) else { return nil }
        let threshold = BasinReadout.multiple * center.loss
        guard threshold.isFinite else { return Basin(left: 0, right: 0, reach: reach) }
        var edges: [Double?] = []
        for side in [-1, 1] {
            var previous = (alpha: 0.0, loss: center.loss)
            var edge: Double?
            for step in 1...BasinReadout.stepsPerSide {
                let alpha = self.alpha(of: side * step)
                guard let value = source.value(at: SurfacePoint(alpha: alpha, beta: 0)) else {
                    return nil
                }
                guard value.loss.isFinite, value.loss < threshold else {
                    edge = crossing(from: previous, to: (alpha, value.loss), at: threshold)
                    break
                }
                previous = (alpha, value.loss)
            }
            edges.append(edge)
        }
        return Basin(left: edges[0], right: edges[1], reach: reach)
    }

    private func alpha(of step: Int) -> Double {
        reach * Double(step) / Double(BasinReadout.stepsPerSide)
    }

    /// Returns where the straight line between two samples meets `threshold`; the second
    /// sample's α when its loss is not finite.
    private func crossing(from low: (alpha: Double, loss: Float),
                          to high: (alpha: Double, loss: Float), at threshold: Float) -> Double {
        guard high.loss.isFinite, high.loss > low.loss else { return high.alpha }
        let t = Double((threshold - low.loss) / (high.loss - low.loss))
        return low.alpha + (high.alpha - low.alpha) * min(max(t, 0), 1)
    }
}
