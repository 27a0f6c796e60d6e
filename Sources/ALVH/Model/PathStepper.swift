/// One time step of a discretisation scheme applied to a whole block (structure of arrays). Implementations are
/// value types used through generics, so the per-path loop is specialised: no existential or class dispatch per
/// element.
protocol PathStepper: Sendable {
    /// Brownian drivers per step, ordered `[W_v, W_S, ...]`.
    var driverCount: Int { get }
    /// Moves every path of `block` from step `step` to `step + 1` (global step index, the random stream's counter).
    func advance(_ block: PathBlock, step: Int)
}
