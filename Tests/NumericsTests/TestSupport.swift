import XCTest
@testable import Numerics

/// Returns `count` floats drawn uniformly from `range` by a seeded generator.
func randomFloats(_ count: Int, seed: UInt64, in range: ClosedRange<Float> = -1...1) -> [Float] {
    var generator = SeededGenerator(seed: seed)
    let width = Double(range.upperBound - range.lowerBound)
    return (0..<count).map { _ in
        range.lowerBound + Float(generator.nextUniform() * width)
    }
}

/// Returns `count` distinct floats in random order, spaced `spacing` apart around zero.
///
/// Max pooling is differentiable away from ties, so finite differences with a step below
/// `spacing / 2` never change which value a window selects.
func distinctFloats(_ count: Int, seed: UInt64, spacing: Float) -> [Float] {
    var generator = SeededGenerator(seed: seed)
    let values = (0..<count).map { Float($0 - count / 2) * spacing }
    return values.shuffled(using: &generator)
}

/// Fails with the index, expected value, observed value and error of every entry (up to
/// five) where `|observed − expected| > absolute + relative · |expected|`.
func assertClose(_ observed: [Float], _ expected: [Double], relative: Double,
                 absolute: Double, _ label: String,
                 file: StaticString = #filePath, line: UInt = #line) {
    assertClose(observed.map(Double.init), expected, relative: relative, absolute: absolute,
                label, file: file, line: line)
}

/// Double variant of `assertClose` for observed values computed in Double.
func assertClose(_ observed: [Double], _ expected: [Double], relative: Double,
                 absolute: Double, _ label: String,
                 file: StaticString = #filePath, line: UInt = #line) {
    guard observed.count == expected.count else {
        XCTFail("\(label): expected \(expected.count) values, observed \(observed.count)",
                file: file, line: line)
        return
    }
    var failures: [String] = []
    for (index, (value, reference)) in zip(observed, expected).enumerated() {
        let error = abs(value - reference)
        let bound = absolute + relative * abs(reference)
        if !(error <= bound) {
            failures.append("[\(index)] expected \(reference), observed \(value), "
                + "error \(error) > \(bound)")
        }
    }
    guard !failures.isEmpty else { return }
    XCTFail("\(label): \(failures.count) of \(expected.count) values differ:\n"
        + failures.prefix(5).joined(separator: "\n"), file: file, line: line)
}

/// Returns `Σ y_i · r_i` in Double, the scalar whose gradient with respect to `y` is `r`.
func weightedSum(_ output: [Float], _ weights: [Float]) -> Double {
    zip(output, weights).reduce(0) { $0 + Double($1.0) * Double($1.1) }
}

/// Returns central differences of `f` at `point` in Float, one entry per coordinate.
///
/// Divides by the step as actually represented, `(x + h) − (x − h)` in Double, so the
/// rounding of `x ± h` to Float does not bias the quotient.
func centralDifferences(at point: [Float], step: Float, _ f: ([Float]) -> Double) -> [Double] {
    var shifted = point
    return point.indices.map { index in
        let x = point[index]
        let above = x + step
        let below = x - step
        shifted[index] = above
        let high = f(shifted)
        shifted[index] = below
        let low = f(shifted)
        shifted[index] = x
        return (high - low) / (Double(above) - Double(below))
    }
}

/// Compares a layer's backward pass with central differences of `Σ forward(x) · r` for a
/// fixed random `r`, for the input and every parameter tensor.
///
/// The layer's outputs are Float, so the differences carry rounding of about
/// `1e-7 · |y| · √outputs / step`; callers pick `tolerance` (absolute plus relative) above it.
func checkGradients(of layer: any Layer, input: [Float], batch: Int, parameters: [[Float]],
                    step: Float, tolerance: Double, file: StaticString = #filePath,
                    line: UInt = #line) {
    let outputCount = batch * layer.outputShape.reduce(1, *)
    let weights = randomFloats(outputCount, seed: 99)
    let analytic = layer.backward(input: input, outputGradient: weights, batch: batch,
                                  parameters: parameters, computeInputGradient: true)

    let inputDifferences = centralDifferences(at: input, step: step) { shifted in
        weightedSum(layer.forward(shifted, batch: batch, parameters: parameters), weights)
    }
    assertClose(analytic.input ?? [], inputDifferences, relative: tolerance,
                absolute: tolerance, "input gradient", file: file, line: line)

    XCTAssertEqual(analytic.parameters.count, parameters.count, "parameter gradient count",
                   file: file, line: line)
    for (index, values) in parameters.enumerated() where index < analytic.parameters.count {
        let differences = centralDifferences(at: values, step: step) { shifted in
            var changed = parameters
            changed[index] = shifted
            return weightedSum(layer.forward(input, batch: batch, parameters: changed), weights)
        }
        assertClose(analytic.parameters[index], differences, relative: tolerance,
                    absolute: tolerance, "gradient of parameter \(index)", file: file, line: line)
    }
}
