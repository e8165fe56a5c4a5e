/// A dense float32 array with a shape, stored row-major (last axis fastest).
///
/// Activations use NCHW layout, dense weights `[out, in]` and conv weights
/// `[out, in, kh, kw]`, as PyTorch does, so model files move between the two unchanged.
public struct Tensor: Equatable {
    public var shape: [Int]
    public var data: [Float]

    public init(shape: [Int], data: [Float]) {
        require(shape.reduce(1, *) == data.count,
                "shape \(shape) needs \(shape.reduce(1, *)) values, got \(data.count)")
        self.shape = shape
        self.data = data
    }

    public init(zeros shape: [Int]) {
        self.init(shape: shape, data: [Float](repeating: 0, count: shape.reduce(1, *)))
    }

    public var count: Int { data.count }

    /// The number of dimensions.
    public var rank: Int { shape.count }

    /// The Frobenius norm, accumulated in Double.
    public var norm: Double {
        var sum = 0.0
        for value in data { sum += Double(value) * Double(value) }
        return sum.squareRoot()
    }
}
