import Numerics

/// Products of the Hessian of the mean loss over a set of samples with vectors, by central
/// differences of gradients.
///
/// `H·v ≈ (g(θ + ε·v) − g(θ − ε·v)) / 2ε`, with g the gradient of the mean cross-entropy over
/// all samples (BatchNorm in evaluation mode, running statistics fixed) and ε chosen so that
/// `ε·‖v‖ = relativeStep · ‖θ‖`. The gradient is the mean over samples, so the product does
/// not depend on `batchSize` beyond float32 rounding, and neither do its eigenvalues on the
/// number of batches.
///
/// The error has three parts. Truncation, `O(ε²)` times the third derivative, is below 1e-5
/// relative for the default step on a smooth loss (softmax regression, tested against its
/// closed form). Float32 rounding of the gradients, divided by 2ε, adds about 1e-4 relative.
/// And a ReLU or max-pool unit whose input changes sign between `θ − ε·v` and `θ + ε·v` adds
/// its jump in gradient over 2ε: the product then measures the curvature of the loss at the
/// scale ε, kinks included, where an exact R-operator (or PyTorch's double backward) would
/// give the Hessian of the current linear pieces and count no kink.
public struct HessianVectorProduct {
    public let network: Network
    /// The point θ at which the Hessian is taken.
    public let parameters: Parameters
    /// BatchNorm running statistics, fixed; empty for a network without BatchNorm.
    public let buffers: Parameters
    public let samples: Dataset
    /// Samples per call of `lossAndGradients`; memory grows with it, values do not.
    public var batchSize = 500
    /// The length of the step `ε·v` relative to `‖θ‖`. 1e-3 balances float32 rounding
    /// (which grows as the step shrinks) against truncation and kink crossings.
    public var relativeStep = 1e-3

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

    /// Returns H·v for a flat vector in `Parameters.flattened()` order.
    ///
    /// A zero vector gives a zero product. NaN or infinite gradients give NaN or infinite
    /// values.
    public func product(_ vector: [Float]) -> [Float] {
        let vectorNorm = FlatVector.norm(vector)
        guard vectorNorm > 0 else { return vector }
        let thetaNorm = FlatVector.norm(parameters.flattened())
        let epsilon = relativeStep * max(thetaNorm, 1) / vectorNorm
        let direction = parameters.unflattened(vector)
        let plus = parameters.offset(by: [(Float(epsilon), direction)])
        let minus = parameters.offset(by: [(Float(-epsilon), direction)])
        let difference = gradientDifference(plus, minus)
        return difference.map { Float($0 / (2 * epsilon)) }
    }

    /// Returns `g(plus) − g(minus)` of the mean loss over all samples, summed in Double.
    private func gradientDifference(_ plus: Parameters, _ minus: Parameters) -> [Double] {
        var sum = [Double](repeating: 0, count: dimension)
        let total = Double(samples.count)
        for start in stride(from: 0, to: samples.count, by: max(1, batchSize)) {
            let count = min(batchSize, samples.count - start)
            let (images, labels) = batch(start: start, count: count)
            let high = network.lossAndGradients(images: images, labels: labels,
                                                parameters: plus, buffers: buffers)
            let low = network.lossAndGradients(images: images, labels: labels,
                                               parameters: minus, buffers: buffers)
            let weight = Double(count) / total
            let highValues = high.gradients.flattened(), lowValues = low.gradients.flattened()
            for index in sum.indices {
                sum[index] += weight * (Double(highValues[index]) - Double(lowValues[index]))
            }
        }
        return sum
    }

    private func batch(start: Int, count: Int) -> (Tensor, [Int32]) {
        let size = samples.sampleShape.reduce(1, *)
        let pixels = Array(samples.images.data[(start * size)..<((start + count) * size)])
        return (Tensor(shape: [count] + samples.sampleShape, data: pixels),
                Array(samples.labels[start..<(start + count)]))
    }
}
