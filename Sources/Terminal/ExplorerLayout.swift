import Rendering

/// The positions of the explorer screen's parts, in cells.
///
/// Row 0 is the title and the last row the status line. Between them, the β tick labels
/// take a gutter on the left, the colour bar takes the right edge, the α tick labels take
/// the row under the plot, and the plot fills the rest.
struct ExplorerLayout: Equatable {
    static let minimumWidth = 40
    static let minimumHeight = 12
    /// The columns of the β tick labels, including one blank column before the plot.
    static let gutterWidth = 9

    let width: Int
    let height: Int
    let pixelRowsPerCell: Int
    /// The colour bar's columns, including its labels.
    let colorBarWidth: Int

    /// Whether the screen is below the 40x12 minimum and shows only a message.
    var isTooSmall: Bool {
        width < ExplorerLayout.minimumWidth || height < ExplorerLayout.minimumHeight
    }

    var titleRow: Int { 0 }
    var statusRow: Int { height - 1 }
    var plotX: Int { ExplorerLayout.gutterWidth }
    var plotY: Int { 1 }
    /// The plot's columns: everything between the gutter and one blank column before the bar.
    var plotColumns: Int { max(width - ExplorerLayout.gutterWidth - 1 - colorBarWidth, 0) }
    /// The plot's rows: everything between the title and the α tick labels.
    var plotRows: Int { max(height - 3, 0) }
    var axisRow: Int { plotY + plotRows }
    var colorBarX: Int { width - colorBarWidth }
    var pixelWidth: Int { plotColumns }
    var pixelHeight: Int { plotRows * pixelRowsPerCell }
}
