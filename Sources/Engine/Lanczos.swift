import Numerics

/// The smallest and largest eigenvalue of a symmetric operator, as Lanczos estimates them.
public struct ExtremeEigenvalues: Equatable, Sendable {
    public var minimum: Double
    public var maximum: Double
    /// Products of the operator with a vector that the run used.
    public var steps: Int
    /// Whether both Ritz residual bounds fell below the tolerance (or the Krylov space became
    /// invariant) before the step limit.
    public var converged: Bool

    public init(minimum: Double, maximum: Double, steps: Int, converged: Bool) {
        self.minimum = minimum
        self.maximum = maximum
        self.steps = steps
        self.converged = converged
    }
}

/// The Lanczos method with full reorthogonalization, for the extreme eigenvalues of a
/// symmetric operator given only by its products with vectors (such as a Hessian).
public enum Lanczos {
    /// Runs Lanczos from a seeded Gaussian start vector and returns the extreme Ritz values.
    ///
    /// Each step multiplies once, then orthogonalizes the new vector against every earlier
    /// basis vector twice (classical Gram–Schmidt, sums in Double), so the basis stays
    /// orthogonal to float32 rounding and no spurious copies of converged eigenvalues appear.
    /// The basis takes `steps · dimension` floats. The run stops early when both extreme Ritz
    /// pairs have residual bounds `β_j·|s_j|` within `tolerance · max(|λ_min|, |λ_max|)`, or
    /// when the Krylov space is invariant (then the values are exact up to rounding).
    /// The Ritz values always lie inside the spectrum, so `minimum` errs upwards and `maximum`
    /// downwards. A product that is NaN or infinite gives NaN eigenvalues.
    ///
    /// - Parameters:
    ///   - dimension: The length of the vectors the operator takes and returns.
    ///   - steps: The maximum number of products; at most `dimension` are used.
    ///   - tolerance: The relative residual bound at which to stop.
    ///   - seed: The seed of the start vector, so the same seed gives the same result.
    ///   - product: Returns the operator times a vector of `dimension` values.
    public static func extremeEigenvalues(dimension: Int, steps: Int, tolerance: Double = 1e-3,
                                          seed: UInt64 = 1,
                                          product: ([Float]) -> [Float]) -> ExtremeEigenvalues {
        precondition(dimension >= 1 && steps >= 1, "dimension and steps must be positive")
        var generator = SeededGenerator(seed: seed)
        let start = generator.gaussians(count: dimension)
        var basis = [FlatVector.scaled(start, by: 1 / FlatVector.norm(start))]
        var alphas: [Double] = []
        var betas: [Double] = []
        let limit = min(steps, dimension)
        while true {
            var next = product(basis[basis.count - 1])
            let alpha = FlatVector.dot(basis[basis.count - 1], next)
            alphas.append(alpha)
            for _ in 0..<2 {
                for vector in basis {
                    FlatVector.add(-FlatVector.dot(vector, next), vector, to: &next)
                }
            }
            let beta = FlatVector.norm(next)
            guard alpha.isFinite, beta.isFinite else {
                return ExtremeEigenvalues(minimum: .nan, maximum: .nan, steps: alphas.count,
                                          converged: false)
            }
            let ritz = SymmetricEigen(tridiagonal(alphas, betas))
            let scale = max(abs(ritz.values.first!), abs(ritz.values.last!))
            let invariant = beta <= 1e-7 * max(scale, Double.leastNormalMagnitude)
            let residuals = [ritz.vectors.first!, ritz.vectors.last!].map { beta * abs($0.last!) }
            let converged = invariant || residuals.allSatisfy { $0 <= tolerance * scale }
            if converged || alphas.count == limit {
                return ExtremeEigenvalues(minimum: ritz.values.first!,
                                          maximum: ritz.values.last!, steps: alphas.count,
                                          converged: converged)
            }
            betas.append(beta)
            basis.append(FlatVector.scaled(next, by: 1 / beta))
        }
    }

    /// Returns the symmetric tridiagonal matrix with `diagonal` and `offDiagonal` as rows.
    private static func tridiagonal(_ diagonal: [Double], _ offDiagonal: [Double]) -> [[Double]] {
        let n = diagonal.count
        var matrix = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n {
            matrix[i][i] = diagonal[i]
            if i + 1 < n {
                matrix[i][i + 1] = offDiagonal[i]
                matrix[i + 1][i] = offDiagonal[i]
            }
        }
        return matrix
    }
}
