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

final class NamedColorMapTests: XCTestCase {
    func testEndsAndMiddles() {
        let cases: [(map: ColorMap, low: RGB, middle: RGB, high: RGB)] = [
            (.cividis, RGB(hex: 0x00224E), RGB(hex: 0x7D7C78), RGB(hex: 0xFEE838)),
            (.magma, RGB(hex: 0x000004), RGB(hex: 0xB73779), RGB(hex: 0xFCFDBF)),
            (.grayscale, RGB(0, 0, 0), RGB(128, 128, 128), RGB(255, 255, 255)),
            (.diverging, RGB(hex: 0x2B4C9B), RGB(hex: 0xF2F0EB), RGB(hex: 0xA8262B)),
        ]
        for (map, low, middle, high) in cases {
            XCTAssertEqual(map.color(at: 0), low)
            XCTAssertEqual(map.color(at: 0.5), middle)
            XCTAssertEqual(map.color(at: 1), high)
        }
    }

    func testLookupByName() {
        XCTAssertEqual(ColorMap.names, ["viridis", "cividis", "magma", "grayscale", "diverging"])
        for name in ColorMap.names {
            XCTAssertNotNil(ColorMap.named(name), name)
        }
        XCTAssertEqual(ColorMap.named("magma"), .magma)
        XCTAssertEqual(ColorMap.named("viridis"), .viridis)
        XCTAssertNil(ColorMap.named("jet"))
        XCTAssertNil(ColorMap.named("Viridis"))
    }

    /// The sequential maps get lighter all the way up, so lightness alone orders values.
    func testSequentialMapsRiseInLightness() {
        for name in ["viridis", "cividis", "magma", "grayscale"] {
            let map = ColorMap.named(name)!
            for step in 1...64 {
                let lower = map.color(at: Double(step - 1) / 64).luminance
                let upper = map.color(at: Double(step) / 64).luminance
                XCTAssertGreaterThan(upper, lower, "\(name) at step \(step)")
            }
        }
    }

    /// The diverging map is lightest in the middle and darkens towards both ends.
    func testDivergingMapPeaksInMiddle() {
        let map = ColorMap.diverging
        for step in 1...32 {
            let t = Double(step) / 64
            XCTAssertGreaterThan(map.color(at: t).luminance, map.color(at: t - 1.0 / 64).luminance)
            XCTAssertGreaterThan(map.color(at: 1 - t).luminance,
                                 map.color(at: 1 - t + 1.0 / 64).luminance)
        }
    }
}
