import Engine
import Rendering

/// Draws frames of the interpolation view: the title, the plot of train and test loss (left
/// axis) and accuracy (right axis) with marks at both models and the cursor, and the status
/// line.
struct CurveFrameComposer {
    let theme: Theme
    /// Whether braille may be written; otherwise the curves use ASCII lines.
    let allowsUnicode: Bool
    /// Whether the terminal shows colour; without it each point shows its series' marker.
    let usesColor: Bool

    /// The keys listed at the end of the status line.
    static let keyHints = "left/right/h/l cursor  +/- zoom  0 reset  ? help  q quit"

    /// The lines of the help overlay, one key or key group each.
    static let helpLines = [
        "keys",
        "",
        "left, right, h, l  move the cursor one grid step",
        "+ or =             zoom in two times at the cursor",
        "-                  zoom out two times",
        "0                  reset the view",
        "mouse wheel        zoom in or out",
        "L                  linear or logarithmic loss axis",
        "e                  export: .txt .ansi .svg .png .csv",
        "Ctrl-L             repaint the screen",
        "? or Esc           close this help",
        "q                  quit",
    ]

    /// Returns the cells of a `width` x `height` screen showing `snapshot`, or only the
    /// message "need 40x12, have WxH" below 40 x 12.
    func compose(_ snapshot: CurveSnapshot, width: Int, height: Int) -> CellGrid {
        var grid = CellGrid(width: width, height: height)
        guard width >= ExplorerLayout.minimumWidth, height >= ExplorerLayout.minimumHeight
        else {
            grid.write("need 40x12, have \(width)x\(height)", x: 0, y: 0)
            return grid
        }
        grid.write(snapshot.title, x: 0, y: 0, foreground: theme.title)
        plot(snapshot).render(into: &grid, x: 0, y: 1, width: width, height: height - 2)
        grid.write(statusText(snapshot, width: width), x: 0, y: height - 1,
                   foreground: theme.status)
        if snapshot.helpVisible {
            drawHelp(into: &grid, top: 1, height: height - 2)
        }
        return grid
    }

    /// Returns the plot of the four curves over the window.
    func plot(_ snapshot: CurveSnapshot) -> CurvePlot {
        let ts = snapshot.points.map(\.t)
        func values(_ read: (CurveSnapshot.Point) -> Float?) -> [Double?] {
            snapshot.points.map { read($0).map(Double.init) }
        }
        var plot = CurvePlot(series: [
            CurveSeries(name: "train loss", x: ts, y: values { $0.train?.loss }),
            CurveSeries(name: "test loss", x: ts, y: values { $0.test?.loss }),
            CurveSeries(name: "train acc", x: ts, y: values { $0.train?.accuracy },
                        axis: .right),
            CurveSeries(name: "test acc", x: ts, y: values { $0.test?.accuracy },
                        axis: .right),
        ], theme: theme)
        plot.xRange = snapshot.view.lower...snapshot.view.upper
        plot.rightRange = 0...1
        plot.isLeftLogarithmic = snapshot.logScale
        plot.cursorX = snapshot.view.cursorT
        plot.marks = [CurveMark(x: 0, label: snapshot.startName),
                      CurveMark(x: 1, label: snapshot.endName)]
        plot.glyphs = allowsUnicode ? .braille : .asciiLines
        plot.showsMarkers = !usesColor
        return plot
    }

    /// Returns the status line: t and the four values at the cursor, the pending count and
    /// the notice, cut to fit `width`. Then come as many of the note on gaps, the rate and
    /// the key hints as fit.
    func statusText(_ snapshot: CurveSnapshot, width: Int = .max) -> String {
        let decimals = AxisLabels.decimals(forSpan: snapshot.view.step)
        let position = "t=" + NumberText.fixed(snapshot.view.cursorT, decimals: decimals)
        let values = cursorText(snapshot.cursorPoint)
        var text = position + " " + values + "  pending \(snapshot.pendingCount)"
        if let notice = snapshot.notice {
            text += "  " + String(notice.prefix(max(width - text.count - 2, 0)))
        }
        var rest: [String] = []
        let invalid = snapshot.invalidCount
        if invalid > 0 {
            rest.append("\(invalid) gaps: negative BatchNorm variance")
        }
        rest.append(NumberText.fixed(snapshot.pointsPerSecond, decimals: 1) + " pts/s")
        if snapshot.notice == nil { rest.append(CurveFrameComposer.keyHints) }
        for part in rest where text.count + 2 + part.count <= width {
            text += "  " + part
        }
        return text
    }

    /// Returns the train and test values at the cursor: loss to five significant digits,
    /// accuracy in percent to two decimals, as `landscape info` prints it.
    private func cursorText(_ point: CurveSnapshot.Point?) -> String {
        guard let point else { return "computing" }
        if let channels = point.negativeVariances {
            return "no value: \(channels) BatchNorm channels with negative running variance"
        }
        return "train " + valueText(point.train) + " test " + valueText(point.test)
    }

    private func valueText(_ value: PointValue?) -> String {
        guard let value else { return "computing" }
        let loss = NumberText.significant(Double(value.loss), digits: 5)
        guard value.accuracy.isFinite else { return loss }
        return loss + " " + NumberText.fixed(Double(value.accuracy) * 100, decimals: 2) + "%"
    }

    /// Draws the list of keys in a framed box in the middle of the rows from `top`.
    private func drawHelp(into grid: inout CellGrid, top: Int, height rows: Int) {
        let lines = CurveFrameComposer.helpLines
        let width = min((lines.map(\.count).max() ?? 0) + 4, grid.width)
        let height = min(lines.count + 2, rows)
        let left = (grid.width - width) / 2
        let boxTop = top + max(0, (rows - height) / 2)
        let border = "+" + String(repeating: "-", count: max(width - 2, 0)) + "+"
        grid.write(border, x: left, y: boxTop)
        for row in 1..<max(height - 1, 1) {
            let text = row - 1 < lines.count ? lines[row - 1] : ""
            let room = max(width - 4, 0)
            let padded = text + String(repeating: " ", count: max(room - text.count, 0))
            grid.write("| " + String(padded.prefix(room)) + " |", x: left, y: boxTop + row)
        }
        grid.write(border, x: left, y: boxTop + height - 1)
    }
}
