import Rendering
import XCTest

final class LogScaleTests: XCTestCase {
    func testGeometricMeanIsMidway() {
        var range = ValueRange(lower: 0.1, upper: 10)
        range.isLogarithmic = true
        XCTAssertEqual(range.fraction(of: 1), 0.5, accuracy: 1e-6)
        XCTAssertEqual(range.fraction(of: 0.1), 0, accuracy: 1e-9)
        XCTAssertEqual(range.fraction(of: 10), 1, accuracy: 1e-9)
    }

    func testLinearRangeIsUnchanged() {
        let range = ValueRange(lower: 0.1, upper: 10)
        XCTAssertEqual(range.fraction(of: 5.05), 0.5, accuracy: 1e-6)
    }

    func testValueAtFractionInvertsFraction() {
        for logarithmic in [false, true] {
            for (lower, upper) in [(Float(0.2), Float(40)), (-3, 5), (0, 1)] {
                var range = ValueRange(lower: lower, upper: upper)
                range.isLogarithmic = logarithmic
                for t in [0.0, 0.25, 0.5, 0.9, 1.0] {
                    let value = range.value(atFraction: t)
                    XCTAssertEqual(range.fraction(of: value), t, accuracy: 1e-4,
                                   "\(lower)...\(upper) log \(logarithmic) at \(t)")
                }
            }
        }
    }

    func testZeroOrNegativeLowerStaysFinite() {
        var range = ValueRange(lower: 0, upper: 2)
        range.isLogarithmic = true
        let fraction = range.fraction(of: 0)
        XCTAssertEqual(fraction, 0)
        XCTAssertTrue(range.fraction(of: 1).isFinite)
    }

    func testNaNStaysNaN() {
        var range = ValueRange(lower: 1, upper: 2)
        range.isLogarithmic = true
        XCTAssertTrue(range.fraction(of: .nan).isNaN)
    }
}

final class ColorBarLabelTests: XCTestCase {
    func testLargeValuesKeepTheirExponent() {
        let bar = ColorBar(heatmap: Heatmap(style: .halfBlock))
        let label = bar.label(176_400)
        XCTAssertLessThanOrEqual(label.count, bar.labelWidth)
        XCTAssertTrue(label.hasSuffix("e+05") || label.hasSuffix("e+5"), label)
        XCTAssertEqual(bar.label(0.2765), "0.2765")
    }
}
