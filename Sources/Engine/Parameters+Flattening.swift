import Numerics

extension Parameters {
    /// Returns every value of every tensor in one array, tensors in `names` order, for the
    /// linear algebra of PCA and Lanczos.
    public func flattened() -> [Float] {
        var values: [Float] = []
        values.reserveCapacity(scalarCount)
        for name in names { values += self[name]!.data }
        return values
    }

    /// Returns `values` cut into tensors with the names, order and shapes of `self`.
    ///
    /// Stops the program when `values.count` differs from `scalarCount`.
    public func unflattened(_ values: [Float]) -> Parameters {
        precondition(values.count == scalarCount,
                     "\(values.count) values for \(scalarCount) parameters")
        var start = 0
        return Parameters(names.map { name in
            let shape = self[name]!.shape
            let count = self[name]!.count
            defer { start += count }
            return (name, Tensor(shape: shape, data: Array(values[start..<(start + count)])))
        })
    }
}

/// Vector arithmetic on flat float32 arrays, with sums accumulated in Double.
enum FlatVector {
    static func dot(_ a: [Float], _ b: [Float]) -> Double {
        precondition(a.count == b.count, "vectors of \(a.count) and \(b.count) values")
        var sum = 0.0
        a.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { y in
                for index in 0..<x.count { sum += Double(x[index]) * Double(y[index]) }
            }
        }
        return sum
    }

    static func norm(_ a: [Float]) -> Double { dot(a, a).squareRoot() }

    /// Computes `y ← y + scale·x`.
    static func add(_ scale: Double, _ x: [Float], to y: inout [Float]) {
        precondition(x.count == y.count, "vectors of \(x.count) and \(y.count) values")
        let factor = Float(scale)
        x.withUnsafeBufferPointer { source in
            y.withUnsafeMutableBufferPointer { target in
                for index in 0..<source.count { target[index] += factor * source[index] }
            }
        }
    }

    static func scaled(_ x: [Float], by scale: Double) -> [Float] {
        let factor = Float(scale)
        return x.map { $0 * factor }
    }
}
