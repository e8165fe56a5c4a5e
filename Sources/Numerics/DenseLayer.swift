/// A fully connected layer, `y = x·Wᵀ + b`, with `W` of shape `[outputs, inputs]`.
///
/// All three products run through `sgemm`, so NaN and infinity in inputs or weights spread to
/// the outputs they touch as IEEE arithmetic does.
struct DenseLayer: Layer {
    let inputs: Int
    let outputs: Int

    var inputShape: [Int] { [inputs] }
    var outputShape: [Int] { [outputs] }
    var parameterShapes: [[Int]] { [[outputs, inputs], [outputs]] }

    func forward(_ input: UnsafePointer<Float>, batch: Int, parameters: [[Float]],
                 output: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        parameters[1].withUnsafeBufferPointer { bias in
            for sample in 0..<batch {
                (output + sample * outputs).update(from: bias.baseAddress!, count: outputs)
            }
        }
        parameters[0].withUnsafeBufferPointer { weight in
            BLAS.gemm(transposeB: true, m: batch, n: outputs, k: inputs,
                      a: input, lda: inputs, b: weight.baseAddress!, ldb: inputs,
                      beta: 1, c: output, ldc: outputs)
        }
    }

    func backward(input: [Float], outputGradient: [Float], batch: Int, parameters: [[Float]],
                  computeInputGradient: Bool) -> LayerGradients {
        outputGradient.withUnsafeBufferPointer { dy in
            let dyBase = dy.baseAddress!
            let weightGradient = makeFloats(count: outputs * inputs) { dw in
                input.withUnsafeBufferPointer { x in
                    BLAS.gemm(transposeA: true, m: outputs, n: inputs, k: batch,
                              a: dyBase, lda: outputs, b: x.baseAddress!, ldb: inputs,
                              c: dw, ldc: inputs)
                }
            }
            let biasGradient = columnSums(dyBase, rows: batch, columns: outputs)
            var inputGradient: [Float]?
            if computeInputGradient {
                inputGradient = makeFloats(count: batch * inputs) { dx in
                    parameters[0].withUnsafeBufferPointer { weight in
                        BLAS.gemm(m: batch, n: inputs, k: outputs,
                                  a: dyBase, lda: outputs, b: weight.baseAddress!, ldb: inputs,
                                  c: dx, ldc: inputs)
                    }
                }
            }
            return LayerGradients(input: inputGradient,
                                  parameters: [weightGradient, biasGradient])
        }
    }

    /// Sums a row-major `[rows, columns]` matrix over its rows, accumulating in Double.
    private func columnSums(_ matrix: UnsafePointer<Float>, rows: Int, columns: Int) -> [Float] {
        var sums = [Double](repeating: 0, count: columns)
        sums.withUnsafeMutableBufferPointer { sums in
            for row in 0..<rows {
                let values = matrix + row * columns
                for column in 0..<columns { sums[column] += Double(values[column]) }
            }
        }
        return sums.map { Float($0) }
    }
}
