/// Formats numbers for labels without Foundation.
public enum NumberText {
    /// Formats `value` with `decimals` digits after the point, rounded half away from zero.
    ///
    /// Values of 1e15 or more in magnitude, NaN and infinities fall back to `significant`.
    /// A value that rounds to zero prints without a minus sign.
    public static func fixed(_ value: Double, decimals: Int) -> String {
        let decimals = min(max(decimals, 0), 15)
        let scale = power(of: 10, decimals)
        let scaled = (abs(value) * scale).rounded()
        guard value.isFinite, abs(value) < 1e15, scaled < 9e18 else {
            return significant(value)
        }
        let digits = String(Int64(scaled))
        let padded = String(repeating: "0", count: max(decimals + 1 - digits.count, 0)) + digits
        let split = padded.index(padded.endIndex, offsetBy: -decimals)
        let sign = value < 0 && scaled > 0 ? "-" : ""
        let fraction = decimals > 0 ? "." + padded[split...] : ""
        return sign + padded[..<split] + fraction
    }

    /// Formats `value` with `digits` significant digits and no trailing zeros after the point.
    ///
    /// Magnitudes from 1e-3 up to 1e5 (after rounding) print as plain decimals ("2.303",
    /// "0.0125", "1234"), and integers among them keep all their digits. Others print in
    /// exponent form ("1.5e-07", "3.2e+08"). NaN prints as "nan" and infinities as
    /// "inf" and "-inf".
    public static func significant(_ value: Double, digits: Int = 4) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
        guard value != 0 else { return "0" }
        let digits = min(max(digits, 1), 15)
        let exponent = decimalExponent(of: value)
        let decimals = max(digits - 1 - exponent, 0)
        let scale = power(of: 10, decimals)
        let roundsUp = (abs(value) * scale).rounded() / scale >= 1e5
        if exponent < -3 || exponent >= 5 || roundsUp {
            return exponential(value, exponent: exponent, digits: digits)
        }
        return trimmed(fixed(value, decimals: decimals))
    }

    /// Formats `value` in exponent form with `digits` significant digits, trailing zeros
    /// dropped and the exponent unpadded: "-2.44e-4", "1.5e5".
    ///
    /// Zero prints as "0", NaN as "nan" and infinities as "inf" and "-inf".
    public static func scientific(_ value: Double, digits: Int) -> String {
        guard value.isFinite, value != 0 else { return significant(value) }
        let digits = min(max(digits, 1), 15)
        let text = exponential(value, exponent: decimalExponent(of: value), digits: digits)
        guard let marker = text.firstIndex(of: "e"),
              let exponent = Int(text[text.index(after: marker)...]) else { return text }
        return text[..<marker] + "e\(exponent)"
    }

    /// Formats `value` as the decimal with the fewest digits after the point that reads back
    /// within `tolerance` of it, such as "-0.4" for -0.3999999999999999 with a tolerance of
    /// 1e-10.
    ///
    /// With a tolerance of zero, or when no decimal of up to 17 digits after the point is
    /// close enough, it is Swift's shortest text that reads back to `value` exactly. NaN
    /// prints as "nan" and infinities as "inf" and "-inf".
    public static func shortest(_ value: Double, tolerance: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
        if tolerance > 0, abs(value) < 1e15 {
            for decimals in 0...17 {
                let text = fixed(value, decimals: decimals)
                if let parsed = Double(text), abs(parsed - value) <= tolerance {
                    return text
                }
            }
        }
        return "\(value)"
    }

    /// Returns e such that 10^e ≤ |value| < 10^(e+1), for finite nonzero values.
    static func decimalExponent(of value: Double) -> Int {
        var magnitude = abs(value)
        var exponent = 0
        while magnitude >= 10 {
            magnitude /= 10
            exponent += 1
        }
        while magnitude < 1 {
            magnitude *= 10
            exponent -= 1
        }
        return exponent
    }

    private static func exponential(_ value: Double, exponent: Int, digits: Int) -> String {
        var exponent = exponent
        var mantissa = value / power(of: 10, exponent)
        let rounding = power(of: 10, digits - 1)
        mantissa = (mantissa * rounding).rounded() / rounding
        if abs(mantissa) >= 10 {
            mantissa /= 10
            exponent += 1
        }
        let sign = exponent < 0 ? "-" : "+"
        let magnitude = abs(exponent) < 10 ? "0\(abs(exponent))" : "\(abs(exponent))"
        return trimmed(fixed(mantissa, decimals: digits - 1)) + "e" + sign + magnitude
    }

    private static func trimmed(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var text = Substring(text)
        while text.last == "0" {
            text = text.dropLast()
        }
        if text.last == "." {
            text = text.dropLast()
        }
        return String(text)
    }

    /// Returns base^exponent by repeated multiplication, exact for powers of ten up to 1e22.
    private static func power(of base: Double, _ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<abs(exponent) {
            result *= base
        }
        return exponent < 0 ? 1 / result : result
    }
}
