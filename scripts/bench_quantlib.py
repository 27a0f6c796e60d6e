#!/usr/bin/env python3
"""QuantLib baseline for the path engine benchmark (QE scheme).

Heston with Andersen's QE scheme and martingale correction (HestonProcess.QuadraticExponentialMartingale), daily
steps, through GaussianMultiPathGenerator, the same parameters as configs/markets/heston.yaml. One thread; prints
path-steps per second and the discounted mean of S_T (which should be near S_0). It is the yardstick for
`alvh paths --scheme qe --threads 1` (and `alvh bench --reference`), not part of the product.

    python3 scripts/bench_quantlib.py --paths 20000 --days 252
"""
import argparse
import math
import time

import QuantLib as ql


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--paths", type=int, default=20_000)
    ap.add_argument("--days", type=int, default=252)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    # configs/markets/heston.yaml
    s0, r, q, v0 = 5900.0, 0.04, 0.013, 0.04
    kappa, theta, sigma, rho = 1.15, 0.04, 0.39, -0.64
    today = ql.Date(2, 1, 2026)
    ql.Settings.instance().evaluationDate = today
    day_count = ql.Actual365Fixed()
    rates = ql.YieldTermStructureHandle(ql.FlatForward(today, r, day_count))
    dividends = ql.YieldTermStructureHandle(ql.FlatForward(today, q, day_count))
    process = ql.HestonProcess(rates, dividends, ql.QuoteHandle(ql.SimpleQuote(s0)), v0, kappa, theta, sigma, rho,
                               ql.HestonProcess.QuadraticExponentialMartingale)
    horizon = a.days / 252.0
    grid = ql.TimeGrid(horizon, a.days)
    uniform = ql.UniformRandomSequenceGenerator(process.factors() * a.days, ql.UniformRandomGenerator(a.seed))
    generator = ql.GaussianMultiPathGenerator(process, list(grid), ql.GaussianRandomSequenceGenerator(uniform), False)
    t0 = time.perf_counter()
    total = 0.0
    for _ in range(a.paths):
        total += generator.next().value()[0][a.days]
    elapsed = time.perf_counter() - t0
    n = a.paths * a.days
    growth = rates.discount(horizon) / dividends.discount(horizon)
    print(f"quantlib qe: version={ql.__version__} paths={a.paths} days={a.days} elapsed={elapsed:.3f}s "
          f"path_steps_per_second={n / elapsed / 1e6:.2f}M "
          f"E[S_T e^-(r-q)T]={total / a.paths * growth:.2f}")


if __name__ == "__main__":
    main()
