import Rendering
import XCTest

final class ColorMapTests: XCTestCase {
    func testViridisEndsAndMiddle() {
        XCTAssertEqual(ColorMap.viridis.color(at: 0), RGB(hex: 0x440154))
        XCTAssertEqual(ColorMap.viridis.color(at: 0.5), RGB(hex: 0x21908C))
        XCTAssertEqual(ColorMap.viridis.color(at: 1), RGB(hex: 0xFDE725))
    }

    func testViridisInterpolatesBetweenStops() {
        let halfway = ColorMap.viridis.color(at: 1.0 / 16)
        let expected = viridisStop(0).interpolated(to: viridisStop(1), by: 0.5)
        XCTAssertEqual(halfway, expected)
        XCTAssertEqual(expected, RGB(70, 23, 104))
    }

    func testOutOfRangeAndNaNClamp() {
        XCTAssertEqual(ColorMap.viridis.color(at: -3), viridisStop(0))
        XCTAssertEqual(ColorMap.viridis.color(at: 7), viridisStop(8))
        XCTAssertEqual(ColorMap.viridis.color(at: .nan), viridisStop(0))
        XCTAssertEqual(ColorMap.viridis.color(at: .infinity), viridisStop(8))
    }

    func testSingleStopMap() {
        let map = ColorMap(stops: [RGB(1, 2, 3)])
        XCTAssertEqual(map.color(at: 0.7), RGB(1, 2, 3))
    }

    func testValueRangeSkipsNonFinite() {
        let values: [Float?] = [nil, 3, .nan, -.infinity, 1, .infinity, 2]
        XCTAssertEqual(ValueRange(covering: values), ValueRange(lower: 1, upper: 3))
        XCTAssertNil(ValueRange(covering: [nil, .nan] as [Float?]))
        XCTAssertEqual(ValueRange(lower: 2, upper: 2).fraction(of: 5), 0.5)
    }
}
