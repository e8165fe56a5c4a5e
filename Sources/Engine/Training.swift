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
    public var schedule: LearningRateSchedule
    /// Epochs over which the rate ramps up linearly from zero, as large batches need; 0 for
    /// none.
    public var warmupEpochs: Double

    public init(epochs: Int, batchSize: Int, learningRate: Float, momentum: Float,
                weightDecay: Float, seed: UInt64, schedule: LearningRateSchedule = .constant,
                warmupEpochs: Double = 0) {
        self.schedule = schedule
        self.warmupEpochs = warmupEpochs
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
    public var learningRate: Float
}

/// The reason a training run ended early.
public enum TrainingError: Error, CustomStringConvertible {
    /// The loss became NaN or infinite.
    case diverged(loss: Double, epoch: Int, step: Int)
    /// `shouldStop` returned true; `completedEpochs` epochs had finished.
    case interrupted(completedEpochs: Int)

    public var description: String {
        switch self {
        case let .diverged(loss, epoch, step):
            let shown = loss.isNaN ? "NaN" : "\(loss)"
            return "training diverged: loss is \(shown) at epoch \(epoch), step \(step); "
                + "try a smaller learning rate"
        case let .interrupted(completed):
            return "training interrupted after \(completed) complete "
                + (completed == 1 ? "epoch" : "epochs")
        }
    }
}

/// Mini-batch SGD over a dataset, one shuffled pass per epoch.
public struct Trainer {
    public let network: Network
    public let options: TrainingOptions

    public init(network: Network, options: TrainingOptions) {
        self.network = network
        self.options = options
    }

    /// Trains from fresh weights and returns the final parameters and BatchNorm running
    /// statistics (`buffers`, empty without BatchNorm).
    ///
    /// - Parameters:
    ///   - onStep: called after every batch.
    ///   - onEpoch: called with epoch 0 and the initial weights, then after every epoch with
    ///     its number (from 1), the parameters and the buffers.
    ///   - shouldStop: checked after every batch; true ends the run.
    /// - Throws: `TrainingError.diverged` when the loss becomes NaN or infinite, and
    ///   `TrainingError.interrupted` when `shouldStop` returns true.
    public func run(on data: Dataset,
                    onStep: (TrainingProgress) -> Void = { _ in },
                    onEpoch: (Int, Parameters, Parameters) throws -> Void = { _, _, _ in },
                    shouldStop: () -> Bool = { false }) throws -> (Parameters, Parameters) {
        var parameters = network.initialParameters(seed: options.seed)
        var buffers = network.initialBuffers()
        var optimizer = SGD(learningRate: options.learningRate, momentum: options.momentum,
                            weightDecay: options.weightDecay)
        var generator = SeededGenerator(seed: options.seed &+ 1)
        try onEpoch(0, parameters, buffers)
        for epoch in 1...max(1, options.epochs) {
            let order = shuffledIndices(data.count, using: &generator)
            try runEpoch(epoch, order: order, data: data, parameters: &parameters,
                         buffers: &buffers, optimizer: &optimizer, onStep: onStep,
                         shouldStop: shouldStop)
            try onEpoch(epoch, parameters, buffers)
        }
        return (parameters, buffers)
    }

    private func runEpoch(_ epoch: Int, order: [Int], data: Dataset,
                          parameters: inout Parameters, buffers: inout Parameters,
                          optimizer: inout SGD,
                          onStep: (TrainingProgress) -> Void,
                          shouldStop: () -> Bool) throws {
        let steps = (order.count + options.batchSize - 1) / options.batchSize
        let start = Date()
        var lossSum = 0.0
        var correct = 0
        var seen = 0
        for step in 0..<steps {
            if shouldStop() { throw TrainingError.interrupted(completedEpochs: epoch - 1) }
            let fraction = (Double(epoch - 1) + Double(step) / Double(steps))
                / Double(max(1, options.epochs))
            let epochsDone = Double(epoch - 1) + Double(step) / Double(steps)
            let warmup = options.warmupEpochs > 0
                ? min(1, (epochsDone + 1 / Double(steps)) / options.warmupEpochs) : 1
            optimizer.learningRate = Float(warmup) * options.schedule.rate(
                base: options.learningRate, epoch: epoch, fraction: fraction)
            let indices = Array(order[(step * options.batchSize)..<min(order.count,
                                                                   (step + 1) * options.batchSize)])
            let (images, labels) = gather(indices, from: data)
            let result = network.trainingLossAndGradients(images: images, labels: labels,
                                                          parameters: parameters,
                                                          buffers: buffers)
            guard result.loss.isFinite else {
                throw TrainingError.diverged(loss: result.loss, epoch: epoch, step: step + 1)
            }
            optimizer.step(&parameters, gradients: result.gradients)
            buffers = result.buffers
            lossSum += result.loss * Double(indices.count)
            correct += result.correct
            seen += indices.count
            let elapsed = max(Date().timeIntervalSince(start), 1e-6)
            onStep(TrainingProgress(epoch: epoch, step: step + 1, stepsPerEpoch: steps,
                                    loss: lossSum / Double(seen),
                                    accuracy: Double(correct) / Double(seen),
                                    samplesPerSecond: Double(seen) / elapsed,
                                    learningRate: optimizer.learningRate))
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
