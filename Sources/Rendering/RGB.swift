/// A 24-bit sRGB colour, 8 bits per channel.
public struct RGB: Hashable, Sendable {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8

    public init(_ red: UInt8, _ green: UInt8, _ blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// Creates a colour from a `0xRRGGBB` literal.
    public init(hex: UInt32) {
        self.init(
            UInt8(truncatingIfNeeded: hex >> 16),
            UInt8(truncatingIfNeeded: hex >> 8),
            UInt8(truncatingIfNeeded: hex)
        )
    }

    /// Returns the colour a fraction `t` of the way from `self` to `other`, per channel.
    ///
    /// `t` is clamped to [0, 1] and a NaN `t` gives `self`. Channels round to nearest.
    public func interpolated(to other: RGB, by t: Double) -> RGB {
        let t = t.isNaN ? 0 : min(max(t, 0), 1)
        func mix(_ a: UInt8, _ b: UInt8) -> UInt8 {
            UInt8((Double(a) + (Double(b) - Double(a)) * t).rounded())
        }
        return RGB(mix(red, other.red), mix(green, other.green), mix(blue, other.blue))
    }

    /// The squared Euclidean distance to `other` in RGB space, for nearest-colour searches.
    public func squaredDistance(to other: RGB) -> Int {
        let dr = Int(red) - Int(other.red)
        let dg = Int(green) - Int(other.green)
        let db = Int(blue) - Int(other.blue)
        return dr * dr + dg * dg + db * db
    }

    /// The relative luminance in [0, 1] by the Rec. 709 weights, without gamma decoding.
    ///
    /// Good enough to choose black or white text over a colour, which is all it is used for.
    public var luminance: Double {
        (0.2126 * Double(red) + 0.7152 * Double(green) + 0.0722 * Double(blue)) / 255
    }
}
