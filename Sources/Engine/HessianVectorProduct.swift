import Numerics

/// Products of the Hessian of the mean loss over a set of samples with vectors.
///
/// Each product is exact (Pearlmutter's R-operator, `Network.hessianVectorProduct`), with
/// BatchNorm in evaluation mode and its running statistics fixed, and ReLU and max pooling
/// linear with their pattern at θ. The samples run in batches of `batchSize` weighted by
/// their share, so the product is the mean over all samples. It does not depend on
/// `batchSize` beyond float32 rounding, and neither do its eigenvalues on the number of
/// batches.
public struct HessianVectorProduct {
    public let network: Network
    /// The point θ at which the Hessian is taken.
    public let parameters: Parameters
    /// BatchNorm running statistics, fixed; empty for a network without BatchNorm.
    public let buffers: Parameters
    public let samples: Dataset
    /// Samples per call of `Network.hessianVectorProduct`; values do not depend on it.
    public var batchSize = 500

    public init(network: Network, parameters: Parameters, buffers: Parameters = Parameters(),
                samples: Dataset) {
        self.network = network
        self.parameters = parameters
        self.buffers = buffers
        self.samples = samples
    }

    /// The number of parameters, the length of the flat vectors `product` takes.
    public var dimension: Int { parameters.scalarCount }

    /// Returns H·v for `vector`, shaped like the parameters.
    public func callAsFunction(_ vector: Parameters) -> Parameters {
        parameters.unflattened(product(vector.flattened()))
    }

    /// Returns H·v for a flat vector in `Parameters.flattened()` order, summed over the
    /// batches in Double.
    ///
    /// No samples give a zero product. NaN or infinite parameters give NaN or infinite
    /// values.
    public func product(_ vector: [Float]) -> [Float] {
        let direction = parameters.unflattened(vector)
        var sum = [Double](repeating: 0, count: dimension)
        let total = Double(samples.count)
        for start in stride(from: 0, to: samples.count, by: max(1, batchSize)) {
            let count = min(batchSize, samples.count - start)
            let (images, labels) = batch(start: start, count: count)
            let result = network.hessianVectorProduct(images: images, labels: labels,
                                                      parameters: parameters, vector: direction,
                                                      buffers: buffers)
            let weight = Double(count) / total
            let values = result.product.flattened()
            for index in sum.indices { sum[index] += weight * Double(values[index]) }
        }
        return sum.map { Float($0) }
    }

    private func batch(start: Int, count: Int) -> (Tensor, [Int32]) {
        let size = samples.sampleShape.reduce(1, *)
        let pixels = Array(samples.images.data[(start * size)..<((start + count) * size)])
        return (Tensor(shape: [count] + samples.sampleShape, data: pixels),
                Array(samples.labels[start..<(start + count)]))
    }
}
