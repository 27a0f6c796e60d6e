/// `(sin y, cos y)` together, written with basic IEEE operations only (no table, no branch), so that loops calling it
/// vectorise (the COS weights' complex exponentials, `complexExponentials`).
///
/// `y = n pi/2 + r` with `n = round(2y/pi)`, `pi/2` in three parts (Cody-Waite: 33, 33 and 53 bits), so `n p_1` and
/// `n p_2` are exact for `|n| < 2^20` and `r` is accurate to about `|n| 2^-53 p_3` (`|y|` up to about 1.6e6; the
/// callers send larger arguments to glibc); `|r| <= pi/4`. On that range `sin r` and `cos r` are their Taylor series
/// to `r^17` and `r^18` (truncation below `1e-19`), and the quadrant `n mod 4` picks and signs them.
/// Measured error against glibc's `sin` and `cos`: within 2 ulp for `|y| <= 3`, and within `2^-52` absolute up to
/// `|y| = 1e6` (tested). NaN and infinite `y` give NaN.
@inlinable @inline(__always)
public func sineCosine(_ y: Double) -> (sin: Double, cos: Double) {
    let n = (y * 0.6366197723675814).rounded(.toNearestOrEven)
    let r = ((y - n * 1.5707963267341256) - n * 6.077100506303966e-11) - n * 2.0222662487959506e-21
    let r2 = r * r
    var s = -1.0 / 355_687_428_096_000   // -1/17!
    s = s * r2 + 1.0 / 1_307_674_368_000 // 1/15!
    s = s * r2 - 1.0 / 6_227_020_800
    s = s * r2 + 1.0 / 39_916_800
    s = s * r2 - 1.0 / 362_880
    s = s * r2 + 1.0 / 5040
    s = s * r2 - 1.0 / 120
    s = s * r2 + 1.0 / 6
    let sine = r - r * r2 * s
    var c = 1.0 / 6_402_373_705_728_000  // 1/18!
    c = c * r2 - 1.0 / 20_922_789_888_000
    c = c * r2 + 1.0 / 87_178_291_200
    c = c * r2 - 1.0 / 479_001_600
    c = c * r2 + 1.0 / 3_628_800
    c = c * r2 - 1.0 / 40320
    c = c * r2 + 1.0 / 720
    c = c * r2 - 1.0 / 24
    let cosine = (1 - 0.5 * r2) - r2 * r2 * c
    // Quadrant n mod 4 from the low bits of n + 1.5 * 2^52: 0 (s, c), 1 (c, -s), 2 (-s, -c), 3 (-c, s).
    let quadrant = (n + 0x1.8p52).bitPattern & 3
    let swap = quadrant & 1 == 1
    let sinBase = swap ? cosine : sine, cosBase = swap ? sine : cosine
    let sinNegative = quadrant >= 2, cosNegative = quadrant == 1 || quadrant == 2
    return (sinNegative ? -sinBase : sinBase, cosNegative ? -cosBase : cosBase)
}
