/// Stops the program with `message` unless `condition` holds, in every build mode.
///
/// The Numerics target compiles with `-Ounchecked`, where `precondition` is not evaluated and
/// the optimizer assumes it holds. Checks of caller mistakes that would otherwise read or write
/// out of bounds use this instead, so they still stop the program with a message.
@inline(__always)
func require(_ condition: Bool, _ message: @autoclosure () -> String,
             file: StaticString = #file, line: UInt = #line) {
    if !condition { fatalError(message(), file: file, line: line) }
}

/// Returns a new array of `count` floats that `initialize` must fill completely.
///
/// Skips the zero fill of `[Float](repeating:count:)`, which matters for activations of
/// millions of values. Returns an empty array without calling `initialize` when `count` is 0.
@inline(__always)
func makeFloats(count: Int,
                _ initialize: (UnsafeMutablePointer<Float>) -> Void) -> [Float] {
    guard count > 0 else { return [] }
    return [Float](unsafeUninitializedCapacity: count) { buffer, initializedCount in
        initialize(buffer.baseAddress!)
        initializedCount = count
    }
}
