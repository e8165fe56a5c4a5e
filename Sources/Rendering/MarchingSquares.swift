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
        var segments: [ContourSegment] = []
        append(SampleField(values), level: level, logarithmic: logarithmic, to: &segments)
        return segments
    }

    /// Appends the segments of the contour at `level` through `field` to `segments`.
    static func append(_ field: SampleField, level: Float, logarithmic: Bool,
                       to segments: inout [ContourSegment]) {
        guard level.isFinite, field.width > 1, field.height > 1 else { return }
        let cut = Double(level)
        for j in 0..<(field.height - 1) {
            for i in 0..<(field.width - 1) {
                let square = Square(
                    topLeft: field[i, j], topRight: field[i + 1, j],
                    bottomRight: field[i + 1, j + 1], bottomLeft: field[i, j + 1])
                guard square.isFinite else { continue }
                square.appendCrossings(level: cut, logarithmic: logarithmic, i: i, j: j,
                                       to: &segments)
            }
        }
    }
}

/// The samples of a value grid as doubles, NaN for pending and non-finite pixels, so that
/// every level of a contour set reads them without unwrapping.
struct SampleField {
    let width: Int
    let height: Int
    private let samples: [Double]

    init(_ values: ValueGrid) {
        width = values.width
        height = values.height
        samples = values.values.map { value in
            guard let value, value.isFinite else { return .nan }
            return Double(value)
        }
    }

    subscript(x: Int, y: Int) -> Double {
        samples[y * width + x]
    }
}

/// One square of samples.
private struct Square {
    let topLeft: Double, topRight: Double, bottomRight: Double, bottomLeft: Double

    /// Whether all four corners hold a finite value.
    var isFinite: Bool {
        topLeft.isFinite && topRight.isFinite && bottomRight.isFinite && bottomLeft.isFinite
    }

    private enum Edge {
        case top, right, bottom, left
    }

    /// Appends this square's segments, with its top-left sample at (`i`, `j`).
    func appendCrossings(level: Double, logarithmic: Bool, i: Int, j: Int,
                         to segments: inout [ContourSegment]) {
        let index = (topLeft >= level ? 8 : 0) | (topRight >= level ? 4 : 0)
            | (bottomRight >= level ? 2 : 0) | (bottomLeft >= level ? 1 : 0)
        guard index != 0, index != 15 else { return }
        let centreAbove = (topLeft + topRight + bottomRight + bottomLeft) / 4 >= level
        for (a, b) in Square.edgePairs(case: index, centreAbove: centreAbove) {
            let start = point(on: a, level: level, logarithmic: logarithmic)
            let end = point(on: b, level: level, logarithmic: logarithmic)
            segments.append(ContourSegment(
                start: (Double(i) + start.x, Double(j) + start.y),
                end: (Double(i) + end.x, Double(j) + end.y), level: Float(level)))
        }
    }

    /// Returns the pairs of cut edges for a case. Bits 8, 4, 2 and 1 of the case are set
    /// when the top-left, top-right, bottom-right and bottom-left corners are above the level.
    private static func edgePairs(case index: Int, centreAbove: Bool) -> [(Edge, Edge)] {
        switch index {
        case 1, 14: return [(.left, .bottom)]
        case 2, 13: return [(.bottom, .right)]
        case 3, 12: return [(.left, .right)]
        case 4, 11: return [(.top, .right)]
        case 6, 9: return [(.top, .bottom)]
        case 7, 8: return [(.left, .top)]
        case 5:
            return centreAbove ? [(.left, .top), (.bottom, .right)]
                : [(.top, .right), (.left, .bottom)]
        case 10:
            return centreAbove ? [(.top, .right), (.left, .bottom)]
                : [(.left, .top), (.bottom, .right)]
        default: return []
        }
    }

    /// Returns the cut point on `edge`, relative to the top-left corner.
    private func point(on edge: Edge, level: Double, logarithmic: Bool) -> (x: Double, y: Double) {
        let fraction = { (a: Double, b: Double) in
            Square.fraction(of: level, from: a, to: b, logarithmic: logarithmic)
        }
        switch edge {
        case .top: return (fraction(topLeft, topRight), 0)
        case .right: return (1, fraction(topRight, bottomRight))
        case .bottom: return (fraction(bottomLeft, bottomRight), 1)
        case .left: return (0, fraction(topLeft, bottomLeft))
        }
    }

    /// Returns where `level` falls between two values, from 0 at `a` to 1 at `b`.
    private static func fraction(of level: Double, from a: Double, to b: Double,
                                 logarithmic: Bool) -> Double {
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
