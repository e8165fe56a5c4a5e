import Foundation
import Numerics

/// Hyperparameters of one SGD training run.
public struct TrainingOptions: Equatable {
    public var epochs: Int
    public var batchSize: Int
    public var learningRate: Float
    public var momentum: Float
    public var weightDecay: Float
    /// Seeds the initial weights and the order of the samples in every epoch.
    public var seed: UInt64

    public init(epochs: Int, batchSize: Int, learningRate: Float, momentum: Float,
                weightDecay: Float, seed: UInt64) {
        self.epochs = epochs
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
        self.seed = seed
    }
}

/// Progress after one mini-batch, with running means over the epoch so far.
public struct TrainingProgress {
    public var epoch: Int
    public var step: Int
    public var stepsPerEpoch: Int
    public var loss: Double
    public var accuracy: Double
    public var samplesPerSecond: Double
}

/// Why a training run ended early.
public struct TrainingError: Error, CustomStringConvertible {
    public let description: String
}

/// Mini-batch SGD over a dataset, one shuffled pass per epoch.
public struct Trainer {
    public let network: Network
    public let options: TrainingOptions

    public init(network: Network, options: TrainingOptions) {
        self.network = network
        self.options = options
    }

    /// Trains from fresh weights and returns the final parameters.
    ///
    /// - Parameters:
    ///   - onStep: called after every batch.
    ///   - onEpoch: called after every epoch with its number (from 1) and the parameters.
    /// - Throws: `TrainingError` when the loss becomes NaN or infinite.
    public func run(on data: Dataset,
                    onStep: (TrainingProgress) -> Void = { _ in },
                    onEpoch: (Int, Parameters) throws -> Void = { _, _ in }) throws -> Parameters {
        var parameters = network.initialParameters(seed: options.seed)
        var optimizer = SGD(learningRate: options.learningRate, momentum: options.momentum,
                            weightDecay: options.weightDecay)
        var generator = SeededGenerator(seed: options.seed &+ 1)
        for epoch in 1...max(1, options.epochs) {
            let order = shuffledIndices(data.count, using: &generator)
            try runEpoch(epoch, order: order, data: data, parameters: &parameters,
                         optimizer: &optimizer, onStep: onStep)
            try onEpoch(epoch, parameters)
        }
        return parameters
    }

    private func runEpoch(_ epoch: Int, order: [Int], data: Dataset,
                          parameters: inout Parameters, optimizer: inout SGD,
                          onStep: (TrainingProgress) -> Void) throws {
        let steps = (order.count + options.batchSize - 1) / options.batchSize
        let start = Date()
        var lossSum = 0.0
        var correct = 0
        var seen = 0
        for step in 0..<steps {
            let indices = Array(order[(step * options.batchSize)..<min(order.count,
                                                                   (step + 1) * options.batchSize)])
            let (images, labels) = gather(indices, from: data)
            let result = network.lossAndGradients(images: images, labels: labels,
                                                  parameters: parameters)
            guard result.loss.isFinite else {
                throw TrainingError(description:
                    "training diverged: loss is \(result.loss) at epoch \(epoch), step \(step + 1)"
                    + "; try a smaller learning rate")
            }
            optimizer.step(&parameters, gradients: result.gradients)
            lossSum += result.loss * Double(indices.count)
            correct += result.correct
            seen += indices.count
            let elapsed = max(Date().timeIntervalSince(start), 1e-6)
            onStep(TrainingProgress(epoch: epoch, step: step + 1, stepsPerEpoch: steps,
                                    loss: lossSum / Double(seen),
                                    accuracy: Double(correct) / Double(seen),
                                    samplesPerSecond: Double(seen) / elapsed))
        }
    }

    /// Returns 0..<count in a seeded Fisher–Yates order.
    private func shuffledIndices(_ count: Int, using generator: inout SeededGenerator) -> [Int] {
        var order = Array(0..<count)
        guard count > 1 else { return order }
        for i in stride(from: count - 1, to: 0, by: -1) {
            let j = Int(generator.next() % UInt64(i + 1))
            order.swapAt(i, j)
        }
        return order
    }

    /// Copies the samples at `indices` into one batch.
    private func gather(_ indices: [Int], from data: Dataset) -> (Tensor, [Int32]) {
        let sampleSize = data.sampleShape.reduce(1, *)
        var pixels = [Float](repeating: 0, count: indices.count * sampleSize)
        data.images.data.withUnsafeBufferPointer { source in
            pixels.withUnsafeMutableBufferPointer { target in
                for (row, index) in indices.enumerated() {
                    let from = source.baseAddress! + index * sampleSize
                    (target.baseAddress! + row * sampleSize).update(from: from, count: sampleSize)
                }
            }
        }
        return (Tensor(shape: [indices.count] + data.sampleShape, data: pixels),
                indices.map { data.labels[$0] })
    }
}
