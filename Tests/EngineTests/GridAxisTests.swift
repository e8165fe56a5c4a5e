import Engine
import XCTest

final class GridAxisTests: XCTestCase {
    func testValuesMatchLinspace() throws {
        let axis = try GridAxis(parsing: "-1:1:5")
        XCTAssertEqual(axis.values, [-1, -0.5, 0, 0.5, 1])
        XCTAssertEqual(try GridAxis(parsing: "0:0.5:6").values.first, 0)
        XCTAssertEqual(try GridAxis(parsing: "0:0.3:7").values.last, 0.3)
    }

    func testSinglePointIsMinimum() throws {
        XCTAssertEqual(try GridAxis(parsing: "0.25:-4:1").values, [0.25])
        XCTAssertEqual(GridAxis.zero.values, [0])
    }

    func testParseFailures() {
        let table: [(String, GridAxis.ParseFailure)] = [
            ("a:b:c", .malformed), ("1:2", .malformed), ("1:2:3:4", .malformed),
            ("inf:1:3", .malformed), ("-1:1:1.5", .malformed), ("", .malformed),
            ("1:-1:51", .emptyInterval), ("1:1:2", .emptyInterval),
            ("-1:1:0", .countBelowOne), ("-1:1:-3", .countBelowOne),
        ]
        for (text, failure) in table {
            XCTAssertThrowsError(try GridAxis(parsing: text), text) { error in
                XCTAssertEqual(error as? GridAxis.ParseFailure, failure, text)
            }
        }
    }

    func testTextRoundTrips() throws {
        let axis = try GridAxis(parsing: "-0.5:0.5:11")
        XCTAssertEqual(axis.text, "-0.5:0.5:11")
        XCTAssertEqual(try GridAxis(parsing: axis.text), axis)
    }
}
