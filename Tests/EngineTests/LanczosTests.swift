@testable import Engine
import Numerics
import XCTest

final class LanczosTests: XCTestCase {
    /// Returns the operator Q·diag(values)·Q with Q = I − 2uuᵀ, a reflection from a seeded unit u,
    /// so the eigenvalues are `values` exactly and the eigenvectors are not the axes.
    private func reflectedDiagonal(_ values: [Double], seed: UInt64) -> ([Float]) -> [Float] {
        var generator = SeededGenerator(seed: seed)
        let draw = generator.gaussians(count: values.count).map(Double.init)
        let length = draw.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let u = draw.map { $0 / length }
        func reflect(_ x: [Double]) -> [Double] {
            let dot = zip(u, x).reduce(0) { $0 + $1.0 * $1.1 }
            return zip(x, u).map { $0 - 2 * dot * $1 }
        }
        return { vector in
            let rotated = reflect(vector.map(Double.init))
            return reflect(zip(rotated, values).map { $0 * $1 }).map(Float.init)
        }
    }

    /// Returns 298 eigenvalues spread over [low, high], plus the two extremes.
    private func spectrum(minimum: Double, low: Double, high: Double,
                          maximum: Double) -> [Double] {
        let step = (high - low) / 297
        let bulk: [Double] = (0..<298).map { low + step * Double($0) }
        return [maximum] + bulk + [minimum]
    }

    private func assertRelative(_ observed: Double, _ expected: Double, _ tolerance: Double,
                                _ label: String, line: UInt = #line) {
        let error = abs(observed - expected) / abs(expected)
        XCTAssertLessThanOrEqual(error, tolerance, "\(label): expected \(expected), observed "
                                 + "\(observed), relative error \(error)", line: line)
    }

    func testIndefiniteQuadraticExtremes() {
        let values = spectrum(minimum: -2, low: -1, high: 8, maximum: 10)
        let result = Lanczos.extremeEigenvalues(dimension: values.count, steps: 60,
                                                tolerance: 1e-6, seed: 3,
                                                product: reflectedDiagonal(values, seed: 5))
        assertRelative(result.minimum, -2, 1e-3, "λ_min")
        assertRelative(result.maximum, 10, 1e-3, "λ_max")
    }

    func testPositiveDefiniteQuadraticExtremes() {
        let values = spectrum(minimum: 0.05, low: 0.5, high: 20, maximum: 40)
        let result = Lanczos.extremeEigenvalues(dimension: values.count, steps: 60,
                                                tolerance: 1e-6, seed: 3,
                                                product: reflectedDiagonal(values, seed: 6))
        assertRelative(result.minimum, 0.05, 1e-3, "λ_min")
        assertRelative(result.maximum, 40, 1e-3, "λ_max")
        XCTAssertTrue(result.converged)
    }

    func testDefaultToleranceStopsEarly() {
        let values = spectrum(minimum: -2, low: -1, high: 8, maximum: 10)
        let result = Lanczos.extremeEigenvalues(dimension: values.count, steps: 200,
                                                product: reflectedDiagonal(values, seed: 5))
        XCTAssertTrue(result.converged)
        XCTAssertLessThan(result.steps, 200)
        // The residual bound 1e-3 · max|λ| limits each extreme's error to 0.01.
        XCTAssertEqual(result.minimum, -2, accuracy: 0.01)
        XCTAssertEqual(result.maximum, 10, accuracy: 0.01)
    }

    func testFewDistinctEigenvaluesAreExact() {
        let values = (0..<50).map { [-3.0, 1, 7][$0 % 3] }
        let result = Lanczos.extremeEigenvalues(dimension: 50, steps: 30,
                                                product: reflectedDiagonal(values, seed: 2))
        XCTAssertTrue(result.converged)
        XCTAssertLessThanOrEqual(result.steps, 4)
        assertRelative(result.minimum, -3, 1e-5, "λ_min")
        assertRelative(result.maximum, 7, 1e-5, "λ_max")
    }

    func testSameSeedSameResult() {
        let values = spectrum(minimum: -2, low: -1, high: 8, maximum: 10)
        let product = reflectedDiagonal(values, seed: 5)
        let first = Lanczos.extremeEigenvalues(dimension: 300, steps: 15, seed: 8,
                                               product: product)
        let second = Lanczos.extremeEigenvalues(dimension: 300, steps: 15, seed: 8,
                                                product: product)
        XCTAssertEqual(first, second)
    }

    func testNaNProductGivesNaN() {
        let result = Lanczos.extremeEigenvalues(dimension: 10, steps: 5) { vector in
            vector.map { _ in Float.nan }
        }
        XCTAssertTrue(result.minimum.isNaN)
        XCTAssertTrue(result.maximum.isNaN)
        XCTAssertFalse(result.converged)
    }

    func testJacobiMatchesClosedForm() {
        // The second-difference matrix of order 3 has eigenvalues 2 − √2, 2 and 2 + √2.
        let eigen = SymmetricEigen([[2, -1, 0], [-1, 2, -1], [0, -1, 2]])
        let expected = [2 - 2.0.squareRoot(), 2, 2 + 2.0.squareRoot()]
        for (observed, value) in zip(eigen.values, expected) {
            XCTAssertEqual(observed, value, accuracy: 1e-12)
        }
        let middle = eigen.vectors[1]
        XCTAssertEqual(abs(middle[0]), 0.5.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(middle[1], 0, accuracy: 1e-12)
        XCTAssertEqual(middle[0], -middle[2], accuracy: 1e-12)
    }
}
