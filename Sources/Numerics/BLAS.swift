import COpenBLAS

/// Single-precision matrix products through OpenBLAS, for row-major matrices.
public enum BLAS {
    /// Sets the number of threads OpenBLAS uses inside one product.
    ///
    /// Callers that run one evaluation per core get the best throughput with 1, since small
    /// products do not split well across threads. The setting is process-wide.
    public static func setThreadCount(_ count: Int) {
        openblas_set_num_threads(Int32(max(1, count)))
    }

    /// The number of threads OpenBLAS uses inside one product.
    public static var threadCount: Int { Int(openblas_get_num_threads()) }

    /// Computes `C ← alpha·op(A)·op(B) + beta·C`, with `op(A)` of shape `[m, k]`,
    /// `op(B)` of shape `[k, n]` and `C` of shape `[m, n]`, all row-major.
    ///
    /// `lda`, `ldb` and `ldc` are the row strides of `A`, `B` and `C` as stored, before any
    /// transpose. As the reference BLAS specifies, `C` is not read when `beta` is zero, so it
    /// may start uninitialized. Does nothing when `m` or `n` is zero.
    static func gemm(
        transposeA: Bool = false, transposeB: Bool = false,
        m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        guard m > 0, n > 0 else { return }
        cblas_sgemm(
            CblasRowMajor,
            transposeA ? CblasTrans : CblasNoTrans,
            transposeB ? CblasTrans : CblasNoTrans,
            blasint(m), blasint(n), blasint(k), alpha,
            a, blasint(max(1, lda)), b, blasint(max(1, ldb)),
            beta, c, blasint(max(1, ldc)))
    }
}
