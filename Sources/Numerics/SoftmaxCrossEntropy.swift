import Foundation

/// Softmax cross-entropy of rows of logits against integer class labels.
///
/// A row's loss is `m + log Σ_j exp(x_j − m) − x_label` with `m` the row maximum, evaluated in
/// Double, so finite logits of any size (1e4, 1e30) give a finite loss. A NaN logit, a +inf
/// logit (inf − inf) or a row of −inf makes that row's loss NaN. A −inf logit at the label
/// alone makes it +inf. No input traps. A row counts as correct when its first maximum is at
/// the label; a row containing NaN is never correct.
enum SoftmaxCrossEntropy {
    /// One row's loss, its log-sum-exp and whether its top-1 prediction is the label.
    private struct RowResult {
        var loss: Double
        var maximum: Double
        var logSumExp: Double
        var isCorrect: Bool
    }

    private static func evaluateRow(_ row: UnsafePointer<Float>, classes: Int,
                                    label: Int) -> RowResult {
        var best = 0
        var maximum = row[0]
        for index in 1..<classes {
            let value = row[index]
            if value > maximum || (value.isNaN && !maximum.isNaN) {
                best = index
                maximum = value
            }
        }
        var sum = 0.0
        for index in 0..<classes { sum += exp(Double(row[index]) - Double(maximum)) }
        let logSumExp = log(sum)
        // The difference first: for logits near 1e30 the sum max + logSumExp would round
        // logSumExp (at most log of the class count) away.
        let loss = (Double(maximum) - Double(row[label])) + logSumExp
        return RowResult(loss: loss, maximum: Double(maximum), logSumExp: logSumExp,
                         isCorrect: best == label && !maximum.isNaN)
    }

    private static func checkShapes(logits: [Float], labels: [Int32], classes: Int) {
        require(classes >= 1, "softmax cross-entropy needs at least one class, got \(classes)")
        require(logits.count == labels.count * classes,
                "\(logits.count) logits do not form \(labels.count) rows of \(classes) classes")
        for (row, label) in labels.enumerated() {
            require(label >= 0 && Int(label) < classes,
                    "label \(label) of sample \(row) is outside 0..<\(classes)")
        }
    }

    /// Returns the summed loss over all rows and the number of correct rows.
    ///
    /// `logits` is row-major `[labels.count, classes]`. Stops the program when a label is
    /// outside `0..<classes` or the sizes disagree.
    static func lossSum(logits: [Float], labels: [Int32],
                        classes: Int) -> (lossSum: Double, correct: Int) {
        checkShapes(logits: logits, labels: labels, classes: classes)
        var lossSum = 0.0
        var correct = 0
        logits.withUnsafeBufferPointer { x in
            for (row, label) in labels.enumerated() {
                let result = evaluateRow(x.baseAddress! + row * classes, classes: classes,
                                         label: Int(label))
                lossSum += result.loss
                if result.isCorrect { correct += 1 }
            }
        }
        return (lossSum, correct)
    }

    /// Returns the mean loss, the number of correct rows and the gradient of the mean loss
    /// with respect to the logits, `(softmax(x) − onehot(label)) / N` per row.
    ///
    /// The gradient row is NaN wherever the row's loss is NaN. With no rows the loss is NaN
    /// and the gradient empty.
    static func lossAndGradient(logits: [Float], labels: [Int32], classes: Int)
        -> (loss: Double, correct: Int, gradient: [Float]) {
        checkShapes(logits: logits, labels: labels, classes: classes)
        let rows = labels.count
        var lossSum = 0.0
        var correct = 0
        let scale = 1 / Double(rows)
        let gradient = makeFloats(count: logits.count) { gradient in
            logits.withUnsafeBufferPointer { x in
                for (row, label) in labels.enumerated() {
                    let values = x.baseAddress! + row * classes
                    let result = evaluateRow(values, classes: classes, label: Int(label))
                    lossSum += result.loss
                    if result.isCorrect { correct += 1 }
                    let shift = result.maximum + result.logSumExp
                    for index in 0..<classes {
                        let probability = exp(Double(values[index]) - shift)
                        let target = index == Int(label) ? 1.0 : 0.0
                        gradient[row * classes + index] = Float((probability - target) * scale)
                    }
                }
            }
        }
        return (rows == 0 ? .nan : lossSum / Double(rows), correct, gradient)
    }
}
