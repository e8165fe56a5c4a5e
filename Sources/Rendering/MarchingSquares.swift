/// A piece of contour line, in the coordinates of a value grid: sample (i, j) is at (i, j).
public struct ContourSegment: Equatable, Sendable {
    public var start: (x: Double, y: Double)
    public var end: (x: Double, y: Double)
    /// The contour value the segment follows.
    public var level: Float

    public init(start: (x: Double, y: Double), end: (x: Double, y: Double), level: Float) {
        self.start = start
        self.end = end
        self.level = level
    }

    public static func == (lhs: ContourSegment, rhs: ContourSegment) -> Bool {
        lhs.start == rhs.start && lhs.end == rhs.end && lhs.level == rhs.level
    }
}

/// Contour lines of a sampled surface by marching squares.
///
/// Each square of four neighbouring samples is cut where the level lies between two corner
/// values, at the point linear interpolation gives. A corner counts as above the level
/// when its value is at least the level. A square with a pending (nil), NaN or infinite
/// corner draws nothing, so holes in the data leave gaps rather than invented lines.
public enum MarchingSquares {
    /// Returns the segments of the contour at `level` through `values`.
    ///
    /// A saddle (two opposite corners above the level, two below) is resolved by the mean
    /// of the four corners: when the mean is above the level the two above corners are
    /// joined through the middle, otherwise the two below corners are. Neighbouring squares
    /// share edge points exactly, so the pieces join into continuous lines.
    /// - Parameter logarithmic: whether to place edge points by interpolating the
    ///   logarithm of the values, which matches a log colour scale; an edge with a value at
    ///   or below zero falls back to linear interpolation.
    public static func segments(values: ValueGrid, level: Float,
                                logarithmic: Bool = false) -> [ContourSegment] {
        guard level.isFinite, values.width > 1, values.height > 1 else { return [] }
        var segments: [ContourSegment] = []
        for j in 0..<(values.height - 1) {
            for i in 0..<(values.width - 1) {
                guard let square = Square(values: values, i: i, j: j,
                                          level: Double(level), logarithmic: logarithmic)
                else { continue }
                for (start, end) in square.crossings() {
                    segments.append(ContourSegment(start: start, end: end, level: level))
                }
            }
        }
        return segments
    }
}

/// One square of samples with its top-left sample at (i, j).
private struct Square {
    let i: Int, j: Int
    /// The corner values: top-left, top-right, bottom-right, bottom-left.
    let corners: [Double]
    let level: Double
    let logarithmic: Bool

    init?(values: ValueGrid, i: Int, j: Int, level: Double, logarithmic: Bool) {
        var corners: [Double] = []
        for (dx, dy) in [(0, 0), (1, 0), (1, 1), (0, 1)] {
            guard let value = values[i + dx, j + dy], value.isFinite else { return nil }
            corners.append(Double(value))
        }
        self.i = i
        self.j = j
        self.corners = corners
        self.level = level
        self.logarithmic = logarithmic
    }

    /// The edges, each between two corners: top, right, bottom, left.
    private static let edges = [(0, 1), (1, 2), (3, 2), (0, 3)]
    private static let top = 0, right = 1, bottom = 2, left = 3

    /// Returns the segments as pairs of points, from the case of the four corners.
    func crossings() -> [((x: Double, y: Double), (x: Double, y: Double))] {
        let above = corners.map { $0 >= level }
        let index = (above[0] ? 8 : 0) | (above[1] ? 4 : 0) | (above[2] ? 2 : 0)
            | (above[3] ? 1 : 0)
        let centreAbove = corners.reduce(0, +) / 4 >= level
        return Square.edgePairs(case: index, centreAbove: centreAbove).map {
            (point(onEdge: $0.0), point(onEdge: $0.1))
        }
    }

    /// The pairs of cut edges for each case; bits 8, 4, 2, 1 are the top-left, top-right,
    /// bottom-right and bottom-left corners being above the level.
    private static func edgePairs(case index: Int, centreAbove: Bool) -> [(Int, Int)] {
        switch index {
        case 1, 14: return [(left, bottom)]
        case 2, 13: return [(bottom, right)]
        case 3, 12: return [(left, right)]
        case 4, 11: return [(top, right)]
        case 6, 9: return [(top, bottom)]
        case 7, 8: return [(left, top)]
        case 5:
            return centreAbove ? [(left, top), (bottom, right)] : [(top, right), (left, bottom)]
        case 10:
            return centreAbove ? [(top, right), (left, bottom)] : [(left, top), (bottom, right)]
        default: return []
        }
    }

    /// The corner positions relative to (i, j), in the order of `corners`.
    private static let offsets: [(Double, Double)] = [(0, 0), (1, 0), (1, 1), (0, 1)]

    private func point(onEdge edge: Int) -> (x: Double, y: Double) {
        let (a, b) = Square.edges[edge]
        let t = fraction(from: corners[a], to: corners[b])
        let (ax, ay) = Square.offsets[a], (bx, by) = Square.offsets[b]
        return (Double(i) + ax + (bx - ax) * t, Double(j) + ay + (by - ay) * t)
    }

    /// Returns where the level falls between two values, from 0 at `a` to 1 at `b`.
    private func fraction(from a: Double, to b: Double) -> Double {
        var (a, b, level) = (a, b, level)
        if logarithmic, a > 0, b > 0, level > 0 {
            (a, b, level) = (log(a), log(b), log(level))
        }
        guard a != b else { return 0.5 }
        return min(max((level - a) / (b - a), 0), 1)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
