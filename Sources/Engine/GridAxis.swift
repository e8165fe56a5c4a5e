/// The evenly spaced values of one grid axis, written `MIN:MAX:NUM` on the command line.
///
/// The values are those of NumPy's `linspace(MIN, MAX, NUM)`, which `plot_surface.py` of
/// github.com/tomgoldstein/loss-landscape uses: `MIN + i·(MAX − MIN)/(NUM − 1)`, with the
/// last value exactly `MAX`. So a zero endpoint is exactly 0.0. A count of 1 is the single
/// value `MIN`.
public struct GridAxis: Equatable, Sendable {
    public let minimum: Double
    public let maximum: Double
    public let count: Int

    /// Why a `MIN:MAX:NUM` text was rejected.
    public enum ParseFailure: Error, Equatable {
        /// Not three fields of two finite numbers and an integer.
        case malformed
        /// `MIN` is not below `MAX` while `NUM` is more than 1.
        case emptyInterval
        /// `NUM` is below 1.
        case countBelowOne
    }

    /// Creates an axis, checking `count ≥ 1` and `minimum < maximum` when `count > 1`.
    public init(minimum: Double, maximum: Double, count: Int) throws {
        guard minimum.isFinite, maximum.isFinite else { throw ParseFailure.malformed }
        guard count >= 1 else { throw ParseFailure.countBelowOne }
        guard count == 1 || minimum < maximum else { throw ParseFailure.emptyInterval }
        self.minimum = minimum
        self.maximum = maximum
        self.count = count
    }

    /// Parses `MIN:MAX:NUM`, such as `-1:1:51` or `0:0.5:6`.
    ///
    /// - Throws: `ParseFailure` saying which rule the text breaks.
    public init(parsing text: String) throws {
        let fields = text.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == 3, let minimum = Double(fields[0]),
              let maximum = Double(fields[1]), let count = Int(fields[2])
        else { throw ParseFailure.malformed }
        try self.init(minimum: minimum, maximum: maximum, count: count)
    }

    /// The single value 0, the β axis of a line.
    public static let zero = try! GridAxis(minimum: 0, maximum: 0, count: 1)

    /// The values in increasing order.
    public var values: [Double] {
        guard count > 1 else { return [minimum] }
        let step = (maximum - minimum) / Double(count - 1)
        var values = (0..<count).map { minimum + Double($0) * step }
        values[count - 1] = maximum
        return values
    }

    /// The `MIN:MAX:NUM` spelling, with each number in its shortest exact form.
    public var text: String { "\(minimum):\(maximum):\(count)" }
}
