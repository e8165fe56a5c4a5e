import COpenBLAS
import Foundation

/// The single-precision matrix-product throughput of this machine, as OpenBLAS reaches it.
public enum SGEMMPeak {
    /// Times `C ← A·B` for square float32 matrices of order `size` and returns GFLOP/s,
    /// counting 2·size³ floating-point operations per product.
    ///
    /// Runs one untimed product first, then repeats until `seconds` have passed (at least
    /// three products). OpenBLAS uses `threads` threads meanwhile, and its earlier thread
    /// count is restored afterwards. The matrices hold values in [-1, 1), so no product
    /// overflows or meets denormals.
    public static func measure(size: Int = 2048, threads: Int, seconds: Double = 2) -> Double {
        let previous = BLAS.threadCount
        BLAS.setThreadCount(threads)
        defer { BLAS.setThreadCount(previous) }

        let count = size * size
        var generator = SeededGenerator(seed: 1)
        let a = (0..<count).map { _ in Float(generator.nextUniform() * 2 - 1) }
        let b = (0..<count).map { _ in Float(generator.nextUniform() * 2 - 1) }
        var c = [Float](repeating: 0, count: count)
        multiply(a, b, into: &c, size: size)

        let start = Date()
        var products = 0
        while products < 3 || Date().timeIntervalSince(start) < seconds {
            multiply(a, b, into: &c, size: size)
            products += 1
        }
        let elapsed = Date().timeIntervalSince(start)
        return 2 * Double(size) * Double(size) * Double(size) * Double(products) / elapsed / 1e9
    }

    private static func multiply(_ a: [Float], _ b: [Float], into c: inout [Float], size: Int) {
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    BLAS.gemm(m: size, n: size, k: size, a: a.baseAddress!, lda: size,
                              b: b.baseAddress!, ldb: size, c: c.baseAddress!, ldc: size)
                }
            }
        }
    }
}
