/// Mean loss and top-1 accuracy of a network over a set of samples.
public struct Metrics: Equatable {
    /// Mean softmax cross-entropy per sample, in nats.
    public var loss: Double
    /// Fraction of samples whose top-1 prediction is the label, in [0, 1].
    public var accuracy: Double
    /// Number of samples the means are over.
    public var count: Int

    public init(loss: Double, accuracy: Double, count: Int) {
        self.loss = loss
        self.accuracy = accuracy
        self.count = count
    }
}

/// Returns the mean cross-entropy and top-1 accuracy over the whole dataset, with BatchNorm
/// in evaluation mode.
///
/// Runs the forward pass on `batchSize` samples at a time (the last batch may be smaller) and
/// sums the loss in Double, so the result does not depend on the batch size beyond rounding
/// of the logits. An empty dataset gives NaN loss and accuracy. Safe to call from several
/// threads at once with distinct or shared `parameters`.
///
/// - Parameters:
///   - network: The network to run; the dataset's sample shape must match its input.
///   - parameters: Values for every tensor the network reads.
///   - buffers: The BatchNorm running statistics; empty for a network without BatchNorm.
///   - dataset: Raw pixels in [0, 1] and labels in `0..<network.classCount`.
///   - batchSize: Samples per forward pass, at least 1; memory grows linearly with it.
public func evaluate(_ network: Network, parameters: Parameters,
                     buffers: Parameters = Parameters(), on dataset: Dataset,
                     batchSize: Int = 500) -> Metrics {
    require(batchSize >= 1, "batch size \(batchSize) must be at least 1")
    _ = network.checkImages(dataset.images)
    let values = network.layerParameters(parameters, buffers: buffers)
    let sampleSize = dataset.sampleShape.reduce(1, *)
    var lossSum = 0.0
    var correct = 0
    dataset.images.data.withUnsafeBufferPointer { pixels in
        for start in stride(from: 0, to: dataset.count, by: batchSize) {
            let batch = min(batchSize, dataset.count - start)
            let slice = UnsafeBufferPointer(rebasing: pixels[(start * sampleSize)...]
                .prefix(batch * sampleSize))
            let logits = network.logits(pixels: slice, batch: batch, parameters: values)
            let labels = Array(dataset.labels[start..<(start + batch)])
            let result = SoftmaxCrossEntropy.lossSum(logits: logits, labels: labels,
                                                     classes: network.classCount)
            lossSum += result.lossSum
            correct += result.correct
        }
    }
    let count = Double(dataset.count)
    return Metrics(loss: lossSum / count, accuracy: Double(correct) / count, count: dataset.count)
}
