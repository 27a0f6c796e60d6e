/// Maps 32 random bits to the open interval (0, 1): `u = (x + 1/2) * 2^-32`.
///
/// The midpoint rule keeps `u` strictly inside (0, 1) (smallest `2^-33`, largest `1 - 2^-33`), so `log(u)` and the
/// inverse normal are always finite; the normal tails it can reach are `|z| <= 6.34`.
@inlinable @inline(__always)
public func openUnitInterval(_ bits: UInt32) -> Double {
    (Double(bits) + 0.5) * 0x1p-32
}
