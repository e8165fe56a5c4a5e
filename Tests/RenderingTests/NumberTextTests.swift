import Rendering
import XCTest

final class NumberTextTests: XCTestCase {
    func testFixedTable() {
        let cases: [(value: Double, decimals: Int, text: String)] = [
            (-1, 1, "-1.0"), (-0.04, 1, "0.0"), (0.125, 2, "0.13"), (3, 0, "3"),
            (0.0625, 4, "0.0625"), (-123.456, 2, "-123.46"), (0.5, 0, "1"),
        ]
        for (value, decimals, text) in cases {
            XCTAssertEqual(NumberText.fixed(value, decimals: decimals), text, "\(value)")
        }
    }

    func testSignificantTable() {
        let cases: [(value: Double, text: String)] = [
            (2.302585, "2.303"), (0.0125, "0.0125"), (1234.5, "1235"), (0, "0"),
            (123_456, "1.235e+05"), (1.5e-7, "1.5e-07"), (-2.5, "-2.5"),
            (9.99995, "10"), (99_999.9, "1e+05"), (.nan, "nan"), (-.infinity, "-inf"),
        ]
        for (value, text) in cases {
            XCTAssertEqual(NumberText.significant(value), text, "\(value)")
        }
    }

    func testScientificTable() {
        let cases: [(value: Double, digits: Int, text: String)] = [
            (-0x1p-12, 3, "-2.44e-4"), (150_000, 3, "1.5e5"), (0, 3, "0"),
            (0.25, 5, "2.5e-1"), (9.999e-5, 2, "1e-4"), (.nan, 3, "nan"),
        ]
        for (value, digits, text) in cases {
            XCTAssertEqual(NumberText.scientific(value, digits: digits), text, "\(value)")
        }
    }

    func testShortestTable() {
        let cases: [(value: Double, tolerance: Double, text: String)] = [
            (-1 + 6 * 0.1, 1e-10, "-0.4"), (0.7000000000000002, 1e-10, "0.7"),
            (-1, 1e-10, "-1"), (0.015625, 1e-12, "0.015625"),
            (-1 + 6 * 0.1, 0, "-0.3999999999999999"), (1.0 / 3, 1e-3, "0.333"),
            (.nan, 1, "nan"), (.infinity, 1, "inf"),
        ]
        for (value, tolerance, text) in cases {
            XCTAssertEqual(NumberText.shortest(value, tolerance: tolerance), text, "\(value)")
        }
    }
}
