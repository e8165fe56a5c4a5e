/// The eigenvalues and eigenvectors of a small real symmetric matrix, by cyclic Jacobi
/// rotations in Double.
///
/// Meant for matrices of a few dozen rows: the Gram matrix of a trajectory's checkpoints and
/// the tridiagonal matrix of a Lanczos run. Each sweep costs O(n³). Sweeps stop when the
/// off-diagonal part is below 1e-15 of the matrix's Frobenius norm, or after 100 sweeps,
/// which a symmetric matrix of finite entries does not reach in practice. A NaN or infinite
/// entry gives NaN eigenvalues and eigenvectors.
struct SymmetricEigen {
    /// Eigenvalues in ascending order.
    let values: [Double]
    /// `vectors[k]` is the unit eigenvector of `values[k]`.
    let vectors: [[Double]]

    /// Decomposes `matrix`, a square array of rows, of which only symmetry is assumed.
    init(_ matrix: [[Double]]) {
        let n = matrix.count
        guard matrix.joined().allSatisfy(\.isFinite) else {
            values = Array(repeating: .nan, count: n)
            vectors = Array(repeating: Array(repeating: .nan, count: n), count: n)
            return
        }
        var a = matrix
        var v = (0..<n).map { row in (0..<n).map { $0 == row ? 1.0 : 0.0 } }
        let frobenius = a.joined().reduce(0) { $0 + $1 * $1 }.squareRoot()
        for _ in 0..<100 {
            guard Self.offDiagonalNorm(a) > 1e-15 * frobenius else { break }
            for p in 0..<n {
                for q in (p + 1)..<n where a[p][q] != 0 {
                    Self.rotate(&a, &v, p, q)
                }
            }
        }
        let order = (0..<n).sorted { a[$0][$0] < a[$1][$1] }
        values = order.map { a[$0][$0] }
        vectors = order.map { k in (0..<n).map { v[$0][k] } }
    }

    private static func offDiagonalNorm(_ a: [[Double]]) -> Double {
        var sum = 0.0
        for p in a.indices {
            for q in a.indices where q != p { sum += a[p][q] * a[p][q] }
        }
        return sum.squareRoot()
    }

    /// Zeroes `a[p][q]` and `a[q][p]` by one rotation, and applies it to the columns of `v`.
    private static func rotate(_ a: inout [[Double]], _ v: inout [[Double]], _ p: Int,
                               _ q: Int) {
        let theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
        let sign: Double = theta >= 0 ? 1 : -1
        let t = sign / (abs(theta) + (theta * theta + 1).squareRoot())
        let c = 1 / (t * t + 1).squareRoot()
        let s = t * c
        for k in a.indices {
            let akp = a[k][p], akq = a[k][q]
            a[k][p] = c * akp - s * akq
            a[k][q] = s * akp + c * akq
        }
        for k in a.indices {
            let apk = a[p][k], aqk = a[q][k]
            a[p][k] = c * apk - s * aqk
            a[q][k] = s * apk + c * aqk
        }
        for k in v.indices {
            let vkp = v[k][p], vkq = v[k][q]
            v[k][p] = c * vkp - s * vkq
            v[k][q] = s * vkp + c * vkq
        }
    }
}
