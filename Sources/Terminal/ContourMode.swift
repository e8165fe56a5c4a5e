/// Whether contour lines are drawn, and over what; `c` cycles the three.
enum ContourMode: CaseIterable {
    case off
    /// Contour lines over the heatmap's colours.
    case overHeatmap
    /// Contour lines on the terminal's background, without the heatmap.
    case alone

    /// The next mode in the cycle.
    var next: ContourMode {
        let all = ContourMode.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}
