/// One line of the `landscape bench` table.
struct BenchRow {
    let model: String
    let samples: Int
    let workers: Int
    let cellsPerSecond: Double
    let flopsPerSample: Double
    /// The SGEMM peak with one thread per worker, in GFLOP/s.
    let peak: Double

    static let header = pad("model", 24) + pad("samples", 9) + pad("workers", 9)
        + pad("cells/s", 10) + pad("GFLOP/s", 9) + "share of SGEMM peak"

    /// The forward-pass throughput the cell rate implies.
    var gigaflopsPerSecond: Double {
        cellsPerSecond * Double(samples) * flopsPerSample / 1e9
    }

    var text: String {
        let share = peak > 0 ? format(100 * gigaflopsPerSecond / peak, 1) + "%" : "?"
        return BenchRow.pad(model, 24) + BenchRow.pad("\(samples)", 9)
            + BenchRow.pad("\(workers)", 9) + BenchRow.pad(format(cellsPerSecond, 2), 10)
            + BenchRow.pad(format(gigaflopsPerSecond, 2), 9) + share
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
