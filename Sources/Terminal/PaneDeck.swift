import Engine

/// One model's surface on screen: a title and the source of its values.
public struct ExplorerPane {
    /// The pane's heading, such as the model's name.
    public var title: String
    public var source: SurfaceSource
    /// The source of the Hessian's extreme eigenvalues (`EigenRatioValue.packed`) for the
    /// non-convexity map, or nil when the pane has none.
    public var eigenSource: SurfaceSource?

    public init(title: String, source: SurfaceSource, eigenSource: SurfaceSource? = nil) {
        self.title = title
        self.source = source
        self.eigenSource = eigenSource
    }
}

/// The panes shown together under one setting of normalization and training run.
public struct PaneGroup {
    /// The title line's text: data, samples, directions and seed.
    public var summary: String
    public var panes: [ExplorerPane]
    /// The half-width of the view at launch and after `0`, so that a setting whose
    /// directions have another scale opens on a comparable region.
    public var halfWidth: Double
    /// A training run's checkpoints drawn over every pane, when the directions are its
    /// principal components.
    public var trajectory: TrajectoryOverlay?

    public init(summary: String, panes: [ExplorerPane], halfWidth: Double = 1,
                trajectory: TrajectoryOverlay? = nil) {
        self.summary = summary
        self.panes = panes
        self.halfWidth = halfWidth
        self.trajectory = trajectory
    }
}

/// Every group of panes the explorer can switch between: `n` cycles the normalizations and
/// `w` the training runs (such as weight decay 0 and 5e-4).
///
/// A group is made the first time it is shown and kept, so switching back shows its
/// computed values at once. Groups not on screen get an empty request, which leaves their
/// workers idle.
public final class PaneDeck {
    /// The normalization names `n` cycles through; one entry when it cannot change.
    public let normalizations: [String]
    /// The training runs `w` switches between; one entry when there are no alternatives.
    public let runs: [String]
    private let make: (_ normalization: Int, _ run: Int) -> PaneGroup
    private var groups: [Int: PaneGroup] = [:]

    /// - Parameter make: returns the group for a normalization index and a run index.
    ///   `group(normalization:run:)` keeps what it returns, so it runs once for each pair.
    public init(normalizations: [String], runs: [String],
                make: @escaping (_ normalization: Int, _ run: Int) -> PaneGroup) {
        self.normalizations = normalizations.isEmpty ? [""] : normalizations
        self.runs = runs.isEmpty ? [""] : runs
        self.make = make
    }

    /// Creates a deck of one fixed group.
    public convenience init(_ group: PaneGroup) {
        self.init(normalizations: [""], runs: [""]) { _, _ in group }
    }

    /// Returns the group for `normalization` and `run`, indices into the two lists.
    public func group(normalization: Int, run: Int) -> PaneGroup {
        let key = normalization * runs.count + run
        if let group = groups[key] { return group }
        let group = make(normalization, run)
        groups[key] = group
        return group
    }

    /// The loss sources of every group made so far, for stopping them at the end.
    public var startedSources: [SurfaceSource] {
        groups.keys.sorted().flatMap { groups[$0]!.panes.map(\.source) }
    }

    /// The eigenvalue sources of every group made so far.
    public var startedEigenSources: [SurfaceSource] {
        groups.keys.sorted().flatMap { groups[$0]!.panes.compactMap(\.eigenSource) }
    }
}
