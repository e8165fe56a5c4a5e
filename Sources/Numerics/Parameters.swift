/// Named parameter tensors in a fixed order, as a model file or a `state_dict` stores them.
///
/// The order is the order of first insertion; every walk over the tensors (directions,
/// serialization, optimizer steps) uses it, so two runs see the same sequence.
public struct Parameters: Equatable {
    public private(set) var names: [String] = []
    private var tensors: [String: Tensor] = [:]

    public init() {}

    public init(_ pairs: [(String, Tensor)]) {
        for (name, tensor) in pairs { self[name] = tensor }
    }

    public subscript(name: String) -> Tensor? {
        get { tensors[name] }
        set {
            if tensors[name] == nil, newValue != nil { names.append(name) }
            if newValue == nil { names.removeAll { $0 == name } }
            tensors[name] = newValue
        }
    }

    public var count: Int { names.count }

    /// Lets `body` change the values of tensor `name` in place, without copying them.
    ///
    /// `body` must keep the number of values. Stops the program when `name` is missing.
    mutating func modifyValues(of name: String, _ body: (inout [Float]) -> Void) {
        require(tensors[name] != nil, "no parameter named \(name)")
        body(&tensors[name]!.data)
    }

    /// The total number of scalar values over all tensors.
    public var scalarCount: Int { names.reduce(0) { $0 + tensors[$1]!.count } }

    /// Returns a copy with every tensor set to zero, same names and shapes.
    public func zeros() -> Parameters {
        Parameters(names.map { ($0, Tensor(zeros: tensors[$0]!.shape)) })
    }

    /// Returns `self + Σ coefficient_k · directions_k`, tensor by tensor.
    ///
    /// Every direction must have the same names and shapes as `self`.
    public func offset(by terms: [(Float, Parameters)]) -> Parameters {
        var result = self
        for name in names {
            var values = tensors[name]!.data
            for (coefficient, direction) in terms where coefficient != 0 {
                let step = direction[name]!.data
                require(step.count == values.count, "direction shape differs at \(name)")
                for i in values.indices { values[i] += coefficient * step[i] }
            }
            result.tensors[name]!.data = values
        }
        return result
    }
}
