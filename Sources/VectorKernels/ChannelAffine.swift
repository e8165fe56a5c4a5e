/// A per-channel `y·scale + shift` that a convolution applies to its values before its
/// output stage, such as evaluation-mode batch normalization folded into the layer before it.
///
/// The kernels compute the product and the sum as two rounded operations, not one fused
/// multiply-add, so the values equal those of a separate pass that computes `y * a + b` in
/// Float. Only the channel's own values see its `scale` and `shift`, so a NaN or infinite
/// pair spreads to that channel alone, also in the Winograd kernel.
public struct ChannelAffine: Sendable {
    /// One factor per output channel.
    public let scale: [Float]
    /// One offset per output channel.
    public let shift: [Float]

    public init(scale: [Float], shift: [Float]) {
        precondition(scale.count == shift.count,
                     "\(scale.count) scales for \(shift.count) shifts")
        self.scale = scale
        self.shift = shift
    }

    /// Returns the factor and offset of `channel` as vectors, or `(1, −0)` without an
    /// affine step.
    ///
    /// `x·1 + (−0)` is `x` for every float, NaN and −0 included, so the kernels apply the
    /// identity pair instead of branching on whether an affine step exists.
    @inline(__always)
    static func coefficients(of affine: ChannelAffine?,
                             channel: Int) -> (scale: Vector, shift: Vector) {
        guard let affine else { return (Vector(repeating: 1), Vector(repeating: -0.0)) }
        return (Vector(repeating: affine.scale[channel]),
                Vector(repeating: affine.shift[channel]))
    }
}
