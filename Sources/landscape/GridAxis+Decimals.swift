import Engine
import Rendering

extension GridAxis {
    /// The axis values rounded to short decimals: each is the Double nearest the shortest
    /// decimal within a billionth of a step of `values`, so that -1 + 6 · 0.1 becomes -0.4.
    ///
    /// The rounding moves a value by at most 1e-9 steps, far below the float32 resolution
    /// of the losses, and CSV files then print these values without binary noise.
    var decimalValues: [Double] {
        let values = self.values
        guard count > 1 else { return values }
        let tolerance = (maximum - minimum) / Double(count - 1) * 1e-9
        return values.map { value in
            Double(NumberText.shortest(value, tolerance: tolerance)) ?? value
        }
    }
}
