#!/usr/bin/env python3
"""Straightforward vectorised NumPy baseline for the path engine benchmark.

Heston, full-truncation Euler (Lord et al. 2010), daily steps, the same parameters as
configs/markets/heston.yaml. One thread (OMP/OpenBLAS pinned); prints path-steps per second.
It is the yardstick for `alvh paths --scheme euler --threads 1`, not part of the product.

    OMP_NUM_THREADS=1 python3 scripts/bench_numpy.py --paths 400000 --days 252
"""
import argparse
import os
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import numpy as np  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--paths", type=int, default=400_000)
    ap.add_argument("--days", type=int, default=252)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    # configs/markets/heston.yaml
    s0, r, q, v0 = 5900.0, 0.04, 0.013, 0.04
    kappa, theta, sigma, rho = 1.15, 0.04, 0.39, -0.64
    dt = 1.0 / 252.0
    rng = np.random.default_rng(a.seed)
    t0 = time.perf_counter()
    x = np.full(a.paths, np.log(s0))
    v = np.full(a.paths, v0)
    chol = np.linalg.cholesky(np.array([[1.0, rho], [rho, 1.0]]))
    truncated = 0
    for _ in range(a.days):
        z = rng.standard_normal((a.paths, 2)) @ chol.T  # [W_v, W_S]
        vp = np.maximum(v, 0.0)
        truncated += int(np.count_nonzero(v < 0.0))
        sq = np.sqrt(vp * dt)
        x += (r - q - 0.5 * vp) * dt + sq * z[:, 1]
        v += kappa * (theta - vp) * dt + sigma * sq * z[:, 0]
    st = np.exp(x)
    elapsed = time.perf_counter() - t0
    n = a.paths * a.days
    disc = np.exp(-(r - q) * a.days * dt)
    print(f"numpy euler: paths={a.paths} days={a.days} elapsed={elapsed:.3f}s "
          f"path_steps_per_second={n / elapsed / 1e6:.1f}M "
          f"E[S_T e^-(r-q)T]={st.mean() * disc:.2f} truncated_share={truncated / n:.4f}")


if __name__ == "__main__":
    main()
