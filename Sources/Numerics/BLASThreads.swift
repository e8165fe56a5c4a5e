import COpenBLAS

/// Control over OpenBLAS's own thread pool.
public enum BLASThreads {
    /// Sets how many threads each BLAS call may use.
    ///
    /// The landscape workers run one evaluation per core, so each call should stay on its
    /// own thread (1); training runs one batch at a time and uses every core.
    public static func set(_ count: Int) {
        openblas_set_num_threads(Int32(max(1, count)))
    }
}
