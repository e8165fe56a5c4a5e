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
/// fixed random `r`, for the input and every parameter tensor, in `mode`.
///
/// `parameters` contains the layer's parameters followed by its buffers. Buffers get no
/// gradient and are not perturbed. In training mode the forward pass is `record`, so the
/// differences include the change of the batch statistics. The layer's outputs are Float,
/// so the differences carry rounding of about `1e-7 · |y| · √outputs / step`; callers pick
/// `tolerance` (absolute plus relative) above it. Layers with ReLUs inside set
/// `allowingKinks`, which compares as `assertMatchesDifferences` does.
func checkGradients(of layer: any Layer, input: [Float], batch: Int, parameters: [[Float]],
                    mode: BatchNormMode = .evaluation, step: Float, tolerance: Double,
                    allowingKinks: Bool = false,
                    file: StaticString = #filePath, line: UInt = #line) {
    let outputCount = batch * layer.outputShape.reduce(1, *)
    let weights = randomFloats(outputCount, seed: 99)
    let record = layer.record(input, batch: batch, parameters: parameters, mode: mode)
    let analytic = layer.backward(input: input, record: record, outputGradient: weights,
                                  batch: batch, parameters: parameters, mode: mode,
                                  computeInputGradient: true)
    let output = { (input: [Float], parameters: [[Float]]) in
        layer.record(input, batch: batch, parameters: parameters, mode: mode).output
    }

    let compare = { (gradient: [Float], point: [Float], label: String,
                     f: ([Float]) -> Double) in
        if allowingKinks {
            assertMatchesDifferences(gradient, at: point, step: step, tolerance: tolerance,
                                     label, file: file, line: line, f)
        } else {
            assertClose(gradient, centralDifferences(at: point, step: step, f),
                        relative: tolerance, absolute: tolerance, label, file: file,
                        line: line)
        }
    }
    compare(analytic.input ?? [], input, "input gradient") { shifted in
        weightedSum(output(shifted, parameters), weights)
    }

    let parameterCount = layer.parameterShapes.count
    XCTAssertEqual(analytic.parameters.count, parameterCount, "parameter gradient count",
                   file: file, line: line)
    for index in 0..<min(parameterCount, analytic.parameters.count) {
        compare(analytic.parameters[index], parameters[index],
                "gradient of parameter \(index)") { shifted in
            var changed = parameters
            changed[index] = shifted
            return weightedSum(output(input, changed), weights)
        }
    }
}

/// Compares `gradient` with differences of `f` around `point`, allowing for ReLU kinks.
///
/// A step that crosses a kink gives a central difference that mixes two slopes. An entry
/// passes when it is within `tolerance` (absolute plus relative) of the central difference.
/// Failing that, it must be within twice that of the difference on the side without the
/// kink, which is the slope there up to a curvature error of `step·f''/2`. In training mode one
/// unit near a kink moves with every parameter, through the batch statistics, so many
/// entries may take the second path.
func assertMatchesDifferences(_ gradient: [Float], at point: [Float], step: Float,
                              tolerance: Double, _ label: String,
                              file: StaticString = #filePath, line: UInt = #line,
                              _ f: ([Float]) -> Double) {
    XCTAssertEqual(gradient.count, point.count, "\(label): count", file: file, line: line)
    let center = f(point)
    var shifted = point
    for index in point.indices where index < gradient.count {
        let (value, analytic) = (point[index], Double(gradient[index]))
        let (above, below) = (value + step, value - step)
        shifted[index] = above
        let high = f(shifted)
        shifted[index] = below
        let low = f(shifted)
        shifted[index] = value
        let central = (high - low) / (Double(above) - Double(below))
        if abs(analytic - central) <= tolerance * (1 + abs(central)) { continue }
        let right = (high - center) / (Double(above) - Double(value))
        let left = (center - low) / (Double(value) - Double(below))
        let sideError = min(abs(analytic - right), abs(analytic - left))
        XCTAssertLessThanOrEqual(sideError, 2 * tolerance * (1 + abs(analytic)),
                                 "\(label)[\(index)]: gradient \(analytic), central \(central), "
                                    + "left \(left), right \(right)", file: file, line: line)
    }
}
