#!/usr/bin/env python3
"""Stylised facts of the real SPX-VIX history, measured from the shared CSV files.

Reads the daily closes in the data directory (data/ of the repository; see its README.md for the formats and
quirks) and prints the statistics below as a text table; `--json FILE` also writes them as JSON.
They are the targets the simulated markets are checked against. All changes and returns are
close-to-close on daily data.

    python3 scripts/history_facts.py [--data DIR] [--from 1990-01-02] [--to 2026-07-22] [--json FILE]

Data
  VIX    vix/VIX_History.csv (DATE as MM/DD/YYYY, CLOSE used).
  SPX    spx/SPX_History_yahoo_GSPC.csv (price index, no dividends; CLOSE used).
  VIX3M  vix/VIX3M_History.csv (from 2009-09-18; CLOSE used).
  VX     vix_futures/vx_futures_settlements_long.csv (one row per trade date and contract);
         rows with settle 0 (listing placeholders) or suspect_settle True are skipped.

  Panel: the VIX and SPX rows inside [--from, --to] are joined on the dates present in both.
  This drops the VIX prints on NYSE holidays (Cboe's global session), the VIX rows after the
  last SPX row, and the few SPX days with no VIX close; the counts are reported. "Day t" and
  "t+1" below are consecutive panel rows, so a change across a missing VIX day spans two days.

Statistics
  1. VIX level on the panel days: percentiles 1, 5, 25, 50, 75, 95, 99 (numpy's default linear
     interpolation), mean, minimum and its date, and the share of days with VIX > 30 and > 40
     (strict). Given for the window and for the sub-window (default 2014-01-01..2018-12-31).
  2. Conditional daily vol of VIX: x_t = ln VIX_t - ln VIX_{t-1}, grouped by the previous close
     VIX_{t-1} in bands [0, 12), [12, 16), [16, 20), [20, 30], (30, inf); for each band the
     number of days and the sample sd of x (ddof 1), and the ratio sd(VIX_{t-1} > 30) /
     sd(VIX_{t-1} < 16), the latter pooling the two lowest bands.
  3. AR(1) half-life: OLS with intercept of y_{t+1} = a + phi y_t + e over consecutive panel
     days, y = VIX and y = ln VIX; half-life = ln 0.5 / ln phi trading days (undefined unless
     0 < phi < 1); the long-run level a / (1 - phi) is shown too (for ln VIX, exp of it).
     For the window and for the sub-window (both days of a pair inside it).
  4. corr(r_t, x_t), Pearson, with r_t = ln SPX_t - ln SPX_{t-1} and x_t as in 2.
  5. SPX forward price returns R = SPX_{s+h} / SPX_s - 1 over h SPX trading days (h = 1, 21, 63;
     counted on SPX's own calendar), overlapping windows, starting on every panel day s whose
     end s+h is still inside the window ("all"), and on the panel days with VIX_s in [11, 15]
     ("calm", inclusive). Reported: number of windows, 1 % and 5 % quantiles of R (linear
     interpolation), and ES99 = -mean of the k = ceil(0.01 n) lowest R, as a positive % loss.
  6. VIX futures (trade dates inside the window): on each trade date, among the valid rows, the
     front contract is the one with the nearest expiry strictly after the trade date (so an
     expiring contract is not the front on its final day) and the second is the next expiry.
     Reported over the days that have both: share with settle(front) > settle(second)
     (backwardation), mean of settle(second) / settle(front) - 1, and, on the days with a VIX
     close on the same date (VIX file, not the panel), mean of settle(front) / VIX - 1. The same
     figures are repeated for the days where the second contract is the calendar month after
     the front (2004-06 listed only some months, so early fronts and seconds can be months apart).
  7. VIX3M / VIX on the panel days with a VIX3M close: mean of VIX3M / VIX, and share of days
     with VIX > VIX3M (strict; inverted term structure).
"""
import argparse
import csv
import json
import math
import os
import sys

import numpy as np

# Statistic parameters (see the docstring).
PERCENTILES = (1, 5, 25, 50, 75, 95, 99)
VIX_THRESHOLDS = (30.0, 40.0)
# Bands of the previous VIX close for statistic 2: label and membership test.
VOL_BANDS = (("< 12", lambda v: v < 12.0), ("12-16", lambda v: (v >= 12.0) & (v < 16.0)),
             ("16-20", lambda v: (v >= 16.0) & (v < 20.0)), ("20-30", lambda v: (v >= 20.0) & (v <= 30.0)),
             ("> 30", lambda v: v > 30.0))
HORIZONS = (1, 21, 63)
CALM_BAND = (11.0, 15.0)
ES_LEVEL = 0.99


# ---------------------------------------------------------------------------------------------
# Loading

def parse_us_date(s):
    """MM/DD/YYYY -> ISO YYYY-MM-DD (zero-padded input, as in Cboe's and Yahoo's files)."""
    if len(s) != 10 or s[2] != "/" or s[5] != "/":
        raise ValueError(f"unexpected date {s!r}")
    return f"{s[6:10]}-{s[0:2]}-{s[3:5]}"


def load_close(path):
    """Cboe-style file (DATE,...,CLOSE) -> (dates datetime64[D], closes float64), sorted by date."""
    dates, closes = [], []
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            dates.append(parse_us_date(row["DATE"].strip()))
            closes.append(float(row["CLOSE"]))
    d = np.array(dates, dtype="datetime64[D]")
    c = np.array(closes)
    order = np.argsort(d, kind="stable")
    d, c = d[order], c[order]
    if np.any(d[1:] == d[:-1]):
        raise ValueError(f"{path}: duplicate dates")
    if np.any(~np.isfinite(c)) or np.any(c <= 0):
        raise ValueError(f"{path}: non-positive or missing close")
    return d, c


def load_futures(path):
    """Long VX settlement table -> dict of arrays (valid rows only) and the count of skipped rows."""
    trade, expiry, month, settle = [], [], [], []
    skipped_zero = skipped_suspect = 0
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            s = float(row["settle"])
            if row["suspect_settle"].strip() == "True":
                skipped_suspect += 1
                continue
            if s <= 0.0:
                skipped_zero += 1
                continue
            trade.append(row["trade_date"])
            expiry.append(row["expiry"])
            y, m = row["contract"].split("-")
            month.append(int(y) * 12 + int(m) - 1)  # contract month as a running month number
            settle.append(s)
    fut = {"trade": np.array(trade, dtype="datetime64[D]"), "expiry": np.array(expiry, dtype="datetime64[D]"),
           "month": np.array(month, dtype=np.int64), "settle": np.array(settle)}
    return fut, skipped_zero, skipped_suspect


def in_window(d, lo, hi):
    return (d >= lo) & (d <= hi)


# ---------------------------------------------------------------------------------------------
# Statistics

def level_stats(dates, vix):
    if len(vix) == 0:
        return None
    i = int(np.argmin(vix))
    return {
        "days": int(len(vix)),
        "from": str(dates[0]), "to": str(dates[-1]),
        "percentiles": {str(p): float(v) for p, v in zip(PERCENTILES, np.percentile(vix, PERCENTILES))},
        "mean": float(vix.mean()),
        "min": float(vix[i]), "min_date": str(dates[i]),
        "max": float(vix.max()), "max_date": str(dates[int(np.argmax(vix))]),
        "share_above": {f"{t:g}": float(np.mean(vix > t)) for t in VIX_THRESHOLDS},
    }


def conditional_vol(vix):
    prev = vix[:-1]
    x = np.diff(np.log(vix))
    bands = []
    for label, member in VOL_BANDS:
        m = member(prev)
        n = int(m.sum())
        bands.append({"band": label, "days": n, "sd": float(x[m].std(ddof=1)) if n > 1 else None})
    low = x[prev < 16.0]
    high = x[prev > 30.0]
    ratio = None
    if len(low) > 1 and len(high) > 1:
        ratio = float(high.std(ddof=1) / low.std(ddof=1))
    return {"bands": bands, "sd_all": float(x.std(ddof=1)), "ratio_gt30_lt16": ratio}


def ar1(y):
    """OLS y[t+1] = a + phi y[t]; returns phi, a, half-life (trading days) and pair count."""
    if len(y) < 3:
        return None
    x0, x1 = y[:-1], y[1:]
    xc = x0 - x0.mean()
    phi = float(np.dot(xc, x1 - x1.mean()) / np.dot(xc, xc))
    a = float(x1.mean() - phi * x0.mean())
    hl = math.log(0.5) / math.log(phi) if 0.0 < phi < 1.0 else None
    lr = a / (1.0 - phi) if phi != 1.0 else None
    return {"pairs": int(len(x1)), "phi": phi, "intercept": a, "half_life_days": hl, "long_run": lr}


def half_lives(vix):
    level = ar1(vix)
    logv = ar1(np.log(vix))
    if logv is not None and logv["long_run"] is not None:
        logv["long_run_exp"] = math.exp(logv["long_run"])
    return {"vix": level, "ln_vix": logv}


def tail_stats(r):
    n = len(r)
    if n == 0:
        return {"windows": 0}
    k = max(1, math.ceil((1.0 - ES_LEVEL) * n))
    worst = np.partition(r, k - 1)[:k]
    q1, q5 = np.quantile(r, [0.01, 0.05])
    return {"windows": int(n), "q01_pct": 100.0 * float(q1), "q05_pct": 100.0 * float(q5),
            "es99_loss_pct": -100.0 * float(worst.mean()), "es99_k": int(k),
            "mean_pct": 100.0 * float(r.mean())}


def forward_returns(spx_d, spx_c, start_d, start_vix):
    """Overlapping h-day SPX price returns from the panel days, on SPX's own trading calendar."""
    pos = np.searchsorted(spx_d, start_d)  # every panel day is an SPX day
    out = {}
    calm = (start_vix >= CALM_BAND[0]) & (start_vix <= CALM_BAND[1])
    for h in HORIZONS:
        ok = pos + h < len(spx_d)
        r = spx_c[pos[ok] + h] / spx_c[pos[ok]] - 1.0
        out[str(h)] = {"all": tail_stats(r), "calm": tail_stats(r[calm[ok]])}
    return out


def futures_curve(fut, vix_d, vix_c):
    """Front/second settles per trade date (see statistic 6)."""
    t, e, mo, s = fut["trade"], fut["expiry"], fut["month"], fut["settle"]
    keep = e > t  # strictly after the trade date
    t, e, mo, s = t[keep], e[keep], mo[keep], s[keep]
    if len(t) == 0:
        return None
    order = np.lexsort((e, t))  # by trade date, then expiry
    t, e, mo, s = t[order], e[order], mo[order], s[order]
    first = np.flatnonzero(np.r_[True, t[1:] != t[:-1]])  # first row of each trade date = front
    nxt = first + 1
    has_second = (nxt < len(t))
    has_second[has_second] = t[nxt[has_second]] == t[first[has_second]]
    f, g = first[has_second], nxt[has_second]
    days = t[f]
    front, second = s[f], s[g]
    consecutive = mo[g] == mo[f] + 1
    # VIX close on the same date
    j = np.searchsorted(vix_d, days)
    j_ok = j < len(vix_d)
    match = np.zeros(len(days), dtype=bool)
    match[j_ok] = vix_d[j[j_ok]] == days[j_ok]
    spot = np.full(len(days), np.nan)
    spot[match] = vix_c[j[match]]

    def summary(m):
        mm = m & match
        return {
            "days": int(m.sum()),
            "backwardation_share": float(np.mean(front[m] > second[m])),
            "flat_share": float(np.mean(front[m] == second[m])),
            "mean_second_over_front_pct": 100.0 * float(np.mean(second[m] / front[m] - 1.0)),
            "median_second_over_front_pct": 100.0 * float(np.median(second[m] / front[m] - 1.0)),
            "days_with_vix": int(mm.sum()),
            "mean_front_over_vix_pct": 100.0 * float(np.mean(front[mm] / spot[mm] - 1.0)),
            "median_front_over_vix_pct": 100.0 * float(np.median(front[mm] / spot[mm] - 1.0)),
        }

    all_days = np.ones(len(days), dtype=bool)
    return {
        "from": str(days[0]), "to": str(days[-1]),
        "trade_dates": int(len(first)),
        "dates_without_second": int(len(first) - len(f)),
        "dates_without_vix": [str(d) for d in days[~match]],
        "non_consecutive_days": int((~consecutive).sum()),
        "all": summary(all_days),
        "consecutive_months": summary(consecutive),
    }


def term_structure(panel_d, panel_vix, v3_d, v3_c):
    common, i, j = np.intersect1d(panel_d, v3_d, assume_unique=True, return_indices=True)
    if len(common) == 0:
        return None
    v, v3 = panel_vix[i], v3_c[j]
    return {"days": int(len(common)), "from": str(common[0]), "to": str(common[-1]),
            "mean_vix3m_over_vix": float(np.mean(v3 / v)),
            "share_vix_above_vix3m": float(np.mean(v > v3))}


# ---------------------------------------------------------------------------------------------
# Output

def fmt(v, spec=".2f", none="n/a"):
    return none if v is None else format(v, spec)


def print_report(res, out=sys.stdout):
    w = out.write
    a = res["alignment"]
    w(f"SPX-VIX stylised facts, window {res['window']['from']} .. {res['window']['to']}\n")
    w(f"data: {res['data_dir']}\n\n")
    w("Alignment (VIX x SPX, inside the window)\n")
    w(f"  VIX rows {a['vix_rows']}, SPX rows {a['spx_rows']}, panel days {a['panel_days']} "
      f"({a['panel_from']} .. {a['panel_to']})\n")
    w(f"  VIX rows without SPX: {a['vix_unmatched']} ({a['vix_unmatched_in_spx_span']} inside SPX's span, "
      f"i.e. NYSE holidays; {a['vix_unmatched'] - a['vix_unmatched_in_spx_span']} after the last SPX row)\n")
    w(f"  SPX rows without VIX: {a['spx_unmatched']} {a['spx_unmatched_dates'][:10]}\n\n")

    w("1. VIX level (close)\n")
    lv = [res["vix_level"], res["vix_level_sub"]]
    heads = ["window", res["window"]["sub"]]
    w(f"  {'':14s}" + "".join(f"{h:>24s}" for h in heads) + "\n")
    w(f"  {'days':14s}" + "".join(f"{(x['days'] if x else 'n/a'):>24}" for x in lv) + "\n")
    for p in PERCENTILES:
        w(f"  {'p' + str(p):14s}" + "".join(f"{fmt(x['percentiles'][str(p)] if x else None):>24s}" for x in lv)
          + "\n")
    w(f"  {'mean':14s}" + "".join(f"{fmt(x['mean'] if x else None):>24s}" for x in lv) + "\n")
    w(f"  {'min (date)':14s}" + "".join(
        f"{(fmt(x['min']) + ' (' + x['min_date'] + ')') if x else 'n/a':>24s}" for x in lv) + "\n")
    w(f"  {'max (date)':14s}" + "".join(
        f"{(fmt(x['max']) + ' (' + x['max_date'] + ')') if x else 'n/a':>24s}" for x in lv) + "\n")
    for t in VIX_THRESHOLDS:
        k = f"{t:g}"
        w(f"  {'share > ' + k:14s}" + "".join(
            f"{(fmt(100 * x['share_above'][k]) + ' %') if x else 'n/a':>24s}" for x in lv) + "\n")
    w("\n")

    cv = res["conditional_vol"]
    w("2. sd of daily d ln VIX by previous close\n")
    w(f"  {'VIX_{t-1}':10s}{'days':>8s}{'sd (%/day)':>12s}{'annualised':>12s}\n")
    for b in cv["bands"]:
        sd = b["sd"]
        w(f"  {b['band']:10s}{b['days']:>8d}{fmt(None if sd is None else 100 * sd):>12s}"
          f"{fmt(None if sd is None else 100 * sd * math.sqrt(252), '.0f'):>11s}%\n")
    w(f"  {'all':10s}{sum(b['days'] for b in cv['bands']):>8d}{fmt(100 * cv['sd_all']):>12s}"
      f"{fmt(100 * cv['sd_all'] * math.sqrt(252), '.0f'):>11s}%\n")
    w(f"  ratio sd(>30) / sd(<16) = {fmt(cv['ratio_gt30_lt16'], '.3f')}\n\n")

    w(f"3. AR(1) of the daily VIX, OLS with intercept (sub-window {res['window']['sub']})\n")
    w(f"  {'':22s}{'pairs':>7s}{'phi':>10s}{'half-life':>11s}{'long run':>10s}\n")
    for key, label in (("half_life", "window"), ("half_life_sub", "sub-window")):
        for var in ("vix", "ln_vix"):
            r = res[key][var] if res[key] else None
            name = f"{label[:14]:14s} {'VIX' if var == 'vix' else 'ln VIX':7s}"
            if r is None:
                w(f"  {name}   n/a\n")
                continue
            lr = r.get("long_run_exp", r["long_run"])
            w(f"  {name}{r['pairs']:>7d}{r['phi']:>10.5f}{fmt(r['half_life_days'], '.1f'):>9s} d"
              f"{fmt(lr):>10s}\n")
    w("\n")

    c = res["corr_spx_vix"]
    w(f"4. corr(SPX log return, d ln VIX) = {c['corr']:.4f}  ({c['days']} days)\n\n")

    w("5. SPX forward price returns (overlapping windows, SPX trading days)\n")
    w(f"  {'h':>3s} {'starts':7s}{'windows':>9s}{'q1 %':>9s}{'q5 %':>9s}{'ES99 loss %':>13s}{'mean %':>9s}\n")
    for h in HORIZONS:
        for grp, label in (("all", "all"), ("calm", f"VIX {CALM_BAND[0]:g}-{CALM_BAND[1]:g}")):
            t = res["forward_returns"][str(h)][grp]
            if t["windows"] == 0:
                w(f"  {h:>3d} {label:10s}{0:>6d}   n/a\n")
                continue
            w(f"  {h:>3d} {label:10s}{t['windows']:>6d}{t['q01_pct']:>9.2f}{t['q05_pct']:>9.2f}"
              f"{t['es99_loss_pct']:>13.2f}{t['mean_pct']:>9.2f}\n")
    w("\n")

    fc = res["futures"]
    w("6. VIX futures, front and second contract (settles)\n")
    if fc is None:
        w("  no futures data inside the window\n\n")
    else:
        w(f"  trade dates {fc['trade_dates']} ({fc['from']} .. {fc['to']}); without a second contract "
          f"{fc['dates_without_second']}; second not the month after the front on {fc['non_consecutive_days']} days;"
          f" no VIX close on {fc['dates_without_vix']}\n")
        sk = res["futures_rows_skipped"]
        w(f"  rows skipped (whole file): settle 0 {sk['settle_zero']}, suspect_settle {sk['suspect_settle']}\n")
        w(f"  {'':22s}{'days':>7s}{'backw.':>9s}{'2nd/front-1':>13s}{'(median)':>10s}{'front/VIX-1':>13s}"
          f"{'(median)':>10s}\n")
        for key, label in (("all", "all days"), ("consecutive_months", "consecutive months")):
            s = fc[key]
            w(f"  {label:22s}{s['days']:>7d}{100 * s['backwardation_share']:>8.2f}%"
              f"{s['mean_second_over_front_pct']:>12.2f}%{s['median_second_over_front_pct']:>9.2f}%"
              f"{s['mean_front_over_vix_pct']:>12.2f}%{s['median_front_over_vix_pct']:>9.2f}%\n")
        w("\n")

    ts = res["vix3m"]
    w("7. VIX3M / VIX\n")
    if ts is None:
        w("  no VIX3M data inside the window\n")
    else:
        w(f"  days {ts['days']} ({ts['from']} .. {ts['to']}): mean VIX3M/VIX {ts['mean_vix3m_over_vix']:.4f}, "
          f"VIX > VIX3M on {100 * ts['share_vix_above_vix3m']:.2f} % of days\n")


# ---------------------------------------------------------------------------------------------

def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    shipped = os.path.normpath(os.path.join(here, "..", "data"))
    shared = os.path.normpath(os.path.join(here, "..", "..", "shared", "data"))
    ap.add_argument("--data", default=shipped if os.path.isdir(shipped) else shared,
                    help="data directory (default: <repo>/data, else <repo>/../shared/data)")
    ap.add_argument("--from", dest="lo", default="1990-01-02", help="first date, ISO (default 1990-01-02)")
    ap.add_argument("--to", dest="hi", default="2026-07-22", help="last date, ISO (default 2026-07-22)")
    ap.add_argument("--sub-from", default="2014-01-01", help="sub-window start for 1 and 3 (default 2014-01-01)")
    ap.add_argument("--sub-to", default="2018-12-31", help="sub-window end for 1 and 3 (default 2018-12-31)")
    ap.add_argument("--json", metavar="FILE", help="also write the results as JSON to FILE")
    args = ap.parse_args()

    lo, hi = np.datetime64(args.lo, "D"), np.datetime64(args.hi, "D")
    slo, shi = np.datetime64(args.sub_from, "D"), np.datetime64(args.sub_to, "D")
    if hi < lo:
        ap.error("--to before --from")
    data = args.data

    vix_d, vix_c = load_close(os.path.join(data, "vix", "VIX_History.csv"))
    spx_d, spx_c = load_close(os.path.join(data, "spx", "SPX_History_yahoo_GSPC.csv"))
    v3_d, v3_c = load_close(os.path.join(data, "vix", "VIX3M_History.csv"))
    fut, skip_zero, skip_suspect = load_futures(os.path.join(data, "vix_futures", "vx_futures_settlements_long.csv"))

    # Restrict everything to the window.
    m = in_window(vix_d, lo, hi)
    vix_d, vix_c = vix_d[m], vix_c[m]
    m = in_window(spx_d, lo, hi)
    spx_d, spx_c = spx_d[m], spx_c[m]
    m = in_window(v3_d, lo, hi)
    v3_d, v3_c = v3_d[m], v3_c[m]
    m = in_window(fut["trade"], lo, hi)
    fut = {k: v[m] for k, v in fut.items()}
    if len(vix_d) == 0 or len(spx_d) == 0:
        sys.exit("no VIX or SPX data inside the window")

    # Panel: dates present in both VIX and SPX.
    pd_, iv, is_ = np.intersect1d(vix_d, spx_d, assume_unique=True, return_indices=True)
    if len(pd_) < 3:
        sys.exit("fewer than 3 common VIX/SPX days inside the window")
    pv, ps = vix_c[iv], spx_c[is_]
    vix_only = np.setdiff1d(vix_d, pd_, assume_unique=True)
    spx_only = np.setdiff1d(spx_d, pd_, assume_unique=True)
    alignment = {
        "vix_rows": int(len(vix_d)), "spx_rows": int(len(spx_d)), "panel_days": int(len(pd_)),
        "panel_from": str(pd_[0]), "panel_to": str(pd_[-1]),
        "vix_unmatched": int(len(vix_only)),
        "vix_unmatched_in_spx_span": int(np.sum((vix_only >= spx_d[0]) & (vix_only <= spx_d[-1]))),
        "vix_unmatched_dates": [str(d) for d in vix_only],
        "spx_unmatched": int(len(spx_only)),
        "spx_unmatched_dates": [str(d) for d in spx_only],
    }

    sub = in_window(pd_, slo, shi)
    r_spx = np.diff(np.log(ps))
    x_vix = np.diff(np.log(pv))
    res = {
        "window": {"from": args.lo, "to": args.hi, "sub": f"{args.sub_from}..{args.sub_to}"},
        "data_dir": data,
        "alignment": alignment,
        "vix_level": level_stats(pd_, pv),
        "vix_level_sub": level_stats(pd_[sub], pv[sub]),
        "conditional_vol": conditional_vol(pv),
        "half_life": half_lives(pv),
        # sub-window rows are contiguous in the panel, so consecutive rows are consecutive days
        "half_life_sub": half_lives(pv[sub]) if sub.sum() >= 3 else None,
        "corr_spx_vix": {"days": int(len(r_spx)), "corr": float(np.corrcoef(r_spx, x_vix)[0, 1])},
        "forward_returns": forward_returns(spx_d, spx_c, pd_, pv),
        "futures": futures_curve(fut, vix_d, vix_c) if len(fut["trade"]) else None,
        "futures_rows_skipped": {"settle_zero": skip_zero, "suspect_settle": skip_suspect},
        "vix3m": term_structure(pd_, pv, v3_d, v3_c),
    }

    print_report(res)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(res, f, indent=2)
            f.write("\n")


if __name__ == "__main__":
    main()
