import Numerics

/// Loss and accuracy on a rectangular (α, β) grid, rows along β and columns along α.
public struct SurfaceTable {
    public var alphas: [Double]
    public var betas: [Double]
    /// Mean loss at (alphas[i], betas[j]), stored at `j * alphas.count + i`. It is NaN or
    /// infinite where the network diverged.
    public var loss: [Float]
    /// Top-1 accuracy in [0, 1], in the same order as `loss`.
    public var accuracy: [Float]

    public init(alphas: [Double], betas: [Double], loss: [Float], accuracy: [Float]) {
        precondition(loss.count == alphas.count * betas.count && accuracy.count == loss.count,
                     "\(loss.count) values for a \(alphas.count) x \(betas.count) grid")
        self.alphas = alphas
        self.betas = betas
        self.loss = loss
        self.accuracy = accuracy
    }
}

/// Writes a `SurfaceTable` as CSV, NPY or safetensors, chosen by the file extension.
///
/// - `.csv`: header `alpha,beta,loss,accuracy`, one row per point, β in the outer loop and α
///   in the inner one. Numbers are written in the shortest form that reads back to the same
///   Double (α, β) or Float (loss, accuracy) value, and non-finite values as `nan`, `inf`
///   and `-inf`, which NumPy and pandas read.
/// - `.npy`: one float32 array of shape `[ny, nx, 4]` whose last axis is
///   (alpha, beta, loss, accuracy).
/// - `.safetensors`: F32 tensors `alpha` `[nx]`, `beta` `[ny]`, `loss` and `accuracy`
///   `[ny, nx]`, with the metadata.
public enum SurfaceFile {
    /// The file types, named by extension.
    public enum Kind: String, CaseIterable {
        case csv, npy, safetensors

        /// The type that the extension of `path` names, or nil for any other extension.
        public init?(path: String) {
            guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else {
                return nil
            }
            self.init(rawValue: path[path.index(after: dot)...].lowercased())
        }
    }

    /// Writes `table` to `path` atomically. Only safetensors stores `metadata`.
    ///
    /// - Throws: `FormatError` for an extension other than `.csv`, `.npy` and
    ///   `.safetensors`, or when the file cannot be written.
    public static func write(_ table: SurfaceTable, metadata: [String: String],
                             to path: String) throws {
        switch Kind(path: path) {
        case .csv?:
            try BinaryFile.writeAtomically(Array(csv(table).utf8), to: path)
        case .npy?:
            try BinaryFile.writeAtomically(npy(table), to: path)
        case .safetensors?:
            try Safetensors.write(tensors(table), metadata: metadata, to: path)
        case nil:
            throw FormatError(file: path, message: "unknown output type, expected a name "
                              + "ending in .csv, .npy or .safetensors")
        }
    }

    /// Returns the CSV text of `table`.
    public static func csv(_ table: SurfaceTable) -> String {
        var text = "alpha,beta,loss,accuracy\n"
        for (row, beta) in table.betas.enumerated() {
            for (column, alpha) in table.alphas.enumerated() {
                let index = row * table.alphas.count + column
                text += "\(alpha),\(beta),\(number(table.loss[index])),"
                    + "\(number(table.accuracy[index]))\n"
            }
        }
        return text
    }

    /// Returns the shortest exact text of `value`, and `nan` for every NaN, because Swift
    /// writes a NaN with its sign bit set as `-nan`.
    private static func number(_ value: Float) -> String {
        value.isNaN ? "nan" : "\(value)"
    }

    private static func npy(_ table: SurfaceTable) -> [UInt8] {
        var values: [Float] = []
        values.reserveCapacity(4 * table.loss.count)
        for (row, beta) in table.betas.enumerated() {
            for (column, alpha) in table.alphas.enumerated() {
                let index = row * table.alphas.count + column
                values += [Float(alpha), Float(beta), table.loss[index], table.accuracy[index]]
            }
        }
        return NPY.encode(values, shape: [table.betas.count, table.alphas.count, 4])
    }

    private static func tensors(_ table: SurfaceTable) -> Parameters {
        let shape = [table.betas.count, table.alphas.count]
        return Parameters([
            ("alpha", Tensor(shape: [table.alphas.count], data: table.alphas.map(Float.init))),
            ("beta", Tensor(shape: [table.betas.count], data: table.betas.map(Float.init))),
            ("loss", Tensor(shape: shape, data: table.loss)),
            ("accuracy", Tensor(shape: shape, data: table.accuracy)),
        ])
    }
}
