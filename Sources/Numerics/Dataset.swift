/// Labelled images with raw pixel values in [0, 1], `images` of shape `[N, C, H, W]`.
public struct Dataset {
    public var images: Tensor
    public var labels: [Int32]
    public var classCount: Int

    public init(images: Tensor, labels: [Int32], classCount: Int) {
        require(images.shape.first == labels.count, "one label per image")
        self.images = images
        self.labels = labels
        self.classCount = classCount
    }

    public var count: Int { labels.count }

    /// Shape of one sample, `[C, H, W]`.
    public var sampleShape: [Int] { Array(images.shape.dropFirst()) }

    /// Returns the first `n` samples (all of them when `n` is at least `count`).
    public func prefix(_ n: Int) -> Dataset {
        let kept = min(max(n, 0), count)
        let stride = sampleShape.reduce(1, *)
        let pixels = Array(images.data[0..<(kept * stride)])
        return Dataset(images: Tensor(shape: [kept] + sampleShape, data: pixels),
                       labels: Array(labels[0..<kept]), classCount: classCount)
    }
}
