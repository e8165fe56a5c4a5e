import Rendering
@testable import Terminal
import XCTest

/// The status line keeps a long notice, cut to the width, instead of leaving it out.
final class StatusNoticeTests: XCTestCase {
    private func status(notice: String?, width: Int) -> String {
        let lattice = PixelLattice(viewport: .initial, width: 40, height: 20)
        var snapshot = FrameSnapshot(title: "t", viewport: .initial, lattice: lattice, panes: [
            PaneSnapshot(title: "p", values: [], cursorValue: nil),
        ])
        snapshot.notice = notice
        return FrameComposer(style: .shadeRamp, allowsUnicode: true)
            .statusText(snapshot, width: width)
    }

    func testLongNoticeIsCutNotDropped() {
        let notice = "export failed: cannot create the file: permission denied (in /sys)"
        let line = status(notice: notice, width: 80)
        XCTAssertTrue(line.contains("export failed: cannot create"), line)
        XCTAssertTrue(line.hasSuffix("…"), line)
        XCTAssertLessThanOrEqual(line.count, 80, line)
    }

    func testShortNoticeComesBeforeRate() {
        let line = status(notice: "exported landscape-view-1.*", width: 120)
        let notice = try? XCTUnwrap(line.range(of: "exported landscape-view-1.*"))
        let rate = try? XCTUnwrap(line.range(of: "pts/s"))
        XCTAssertNotNil(notice, line)
        XCTAssertNotNil(rate, line)
        if let notice, let rate {
            XCTAssertLessThan(notice.lowerBound, rate.lowerBound, line)
        }
    }
}
