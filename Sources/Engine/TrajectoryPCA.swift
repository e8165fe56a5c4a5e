import Numerics

/// The position of one checkpoint against the plane of the two principal directions.
public struct TrajectoryProjection: Equatable, Sendable {
    /// The coordinate along the first direction, `(θ_i − θ_T) · pc1`.
    public var x: Double
    /// The coordinate along the second direction, `(θ_i − θ_T) · pc2`.
    public var y: Double
    /// `‖(θ_i − θ_T) − x·pc1 − y·pc2‖`, the part of the offset the plane does not show.
    public var residual: Double
}

/// The first two principal components of a training trajectory, as in Li et al.,
/// "Visualizing the Loss Landscape of Neural Nets" (NeurIPS 2018).
///
/// The rows of the matrix are the offsets `θ_i − θ_T` of every checkpoint (θ_T's own zero
/// offset included), over every parameter tensor, biases and BatchNorm scales and shifts
/// too unless `ignoreBiasAndNorm` is set.
/// The rows are mean-centred. The components are unit vectors and are not filter-normalized,
/// so that distances on the plot are distances in parameter space. They come from the
/// eigenvectors of the small Gram matrix of the centred rows (one row and column per
/// checkpoint), in Double, never from an SVD of the full matrix.
///
/// The sign of each component is chosen so that the first checkpoint has a coordinate of at
/// most zero, so training moves towards positive x and y, and the result is deterministic.
public struct TrajectoryPCA {
    /// The first principal direction, shaped like θ.
    public let pc1: Parameters
    /// The second principal direction, orthogonal to `pc1`.
    public let pc2: Parameters
    /// The share of the centred rows' total variance along each direction, in [0, 1].
    public let explainedVarianceRatios: [Double]
    /// One projection per checkpoint, in input order.
    public let projections: [TrajectoryProjection]

    /// Computes the components of `checkpoints`, the last of which is θ_T.
    ///
    /// Returns nil when the centred offsets span fewer than two dimensions (fewer than
    /// three distinct checkpoints, or all of them on one line), since the second direction
    /// is then undefined. Every checkpoint must have the names and shapes of the first.
    public init?(checkpoints: [Parameters], ignoreBiasAndNorm: Bool = false) {
        guard let final = checkpoints.last else { return nil }
        let offsets = checkpoints.map { Self.offset($0, from: final, ignoreBiasAndNorm) }
        let mean = Self.mean(offsets)
        let gram = Self.centredGram(offsets, mean: mean)
        let eigen = SymmetricEigen(gram)
        let total = eigen.values.reduce(0) { $0 + max($1, 0) }
        let count = offsets.count
        guard count >= 3, eigen.values[count - 2] > 1e-12 * total else { return nil }

        var components: [[Float]] = []
        for k in [count - 1, count - 2] {
            var component = Self.combination(offsets, mean: mean, weights: eigen.vectors[k])
            component = FlatVector.scaled(component, by: 1 / FlatVector.norm(component))
            if FlatVector.dot(offsets[0], component) > 0 {
                component = FlatVector.scaled(component, by: -1)
            }
            components.append(component)
        }
        pc1 = final.unflattened(components[0])
        pc2 = final.unflattened(components[1])
        explainedVarianceRatios = [eigen.values[count - 1] / total,
                                   eigen.values[count - 2] / total]
        projections = offsets.map { Self.project($0, on: components[0], components[1]) }
    }

    /// Returns `θ − final` as a flat vector, with 1-D tensors zero when they are ignored.
    private static func offset(_ theta: Parameters, from final: Parameters,
                               _ ignoreBiasAndNorm: Bool) -> [Float] {
        var values: [Float] = []
        values.reserveCapacity(final.scalarCount)
        for name in final.names {
            let base = final[name]!
            guard let tensor = theta[name], tensor.shape == base.shape else {
                preconditionFailure("checkpoint tensor \(name) does not match the final model")
            }
            if ignoreBiasAndNorm && base.rank <= 1 {
                values += [Float](repeating: 0, count: base.count)
            } else {
                values += zip(tensor.data, base.data).map { $0 - $1 }
            }
        }
        return values
    }

    private static func mean(_ rows: [[Float]]) -> [Double] {
        var sum = [Double](repeating: 0, count: rows[0].count)
        for row in rows {
            for index in sum.indices { sum[index] += Double(row[index]) }
        }
        return sum.map { $0 / Double(rows.count) }
    }

    /// Returns the matrix of dot products of the centred rows, in Double.
    private static func centredGram(_ rows: [[Float]], mean: [Double]) -> [[Double]] {
        let centred = rows.map { row in zip(row, mean).map { Double($0) - $1 } }
        var gram = [[Double]](repeating: [Double](repeating: 0, count: rows.count),
                              count: rows.count)
        for i in centred.indices {
            for j in i..<centred.count {
                var sum = 0.0
                centred[i].withUnsafeBufferPointer { a in
                    centred[j].withUnsafeBufferPointer { b in
                        for index in 0..<a.count { sum += a[index] * b[index] }
                    }
                }
                gram[i][j] = sum
                gram[j][i] = sum
            }
        }
        return gram
    }

    /// Returns `Σ_i weights[i] · (rows[i] − mean)`.
    private static func combination(_ rows: [[Float]], mean: [Double],
                                    weights: [Double]) -> [Float] {
        var sum = [Double](repeating: 0, count: mean.count)
        for (row, weight) in zip(rows, weights) {
            for index in sum.indices { sum[index] += weight * (Double(row[index]) - mean[index]) }
        }
        return sum.map { Float($0) }
    }

    private static func project(_ offset: [Float], on first: [Float],
                                _ second: [Float]) -> TrajectoryProjection {
        let x = FlatVector.dot(offset, first), y = FlatVector.dot(offset, second)
        var residual = 0.0
        for index in offset.indices {
            let rest = Double(offset[index]) - x * Double(first[index]) - y * Double(second[index])
            residual += rest * rest
        }
        return TrajectoryProjection(x: x, y: y, residual: residual.squareRoot())
    }
}
