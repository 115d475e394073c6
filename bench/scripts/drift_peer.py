"""The peer of `mlsteps drift` in the drift benchmark: pandas + scipy running the same tests.

Reads the reference and the current CSV, and per column runs what checkDrift runs by default on large data
(Evidently's rule): numeric columns -> Wasserstein distance normalised by the reference std, plus PSI on
Sturges bins; text columns -> Jensen-Shannon distance and PSI on category shares. Date-time columns are
skipped, as in checkDrift. Prints one JSON line with the per-column results, the time and the peak RSS.
"""
import json
import resource
import sys
import time

import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial import distance


def fill(p):
    nz = p[p != 0]
    m = nz.min()
    out = p.copy()
    out[out == 0] = m / 1e6 if m <= 0.0001 else 0.0001
    return out


def psi(r, c):
    r, c = fill(r), fill(c)
    return float(np.sum((r - c) * np.log(r / c)))


def binned(ref, cur, numeric):
    if numeric and ref.nunique() > 20:
        edges = np.histogram_bin_edges(np.concatenate([ref.values, cur.values]), bins="sturges")
        return np.histogram(ref, edges)[0] / len(ref), np.histogram(cur, edges)[0] / len(cur)
    keys = list(pd.unique(pd.concat([ref, cur]).dropna()))
    rc, cc = ref.value_counts(), cur.value_counts()
    r = np.array([rc.get(k, 0) for k in keys]) / len(ref)
    c = np.array([cc.get(k, 0) for k in keys]) / len(cur)
    return r, c


def main(ref_path, cur_path):
    start = time.perf_counter()
    ref = pd.read_csv(ref_path)
    cur = pd.read_csv(cur_path)
    results = {}
    for col in ref.columns:
        r, c = ref[col].dropna(), cur[col].dropna()
        numeric = pd.api.types.is_numeric_dtype(r)
        if not numeric:
            try:
                pd.to_datetime(r.head(100))
                continue  # a date-time column: not tested for drift
            except (ValueError, TypeError):
                pass
        rp, cp = binned(r, c, numeric)
        if numeric:
            value = stats.wasserstein_distance(r, c) / max(np.std(r), 0.001)
            method = "wasserstein"
        else:
            value = distance.jensenshannon(rp, cp)
            method = "jensen_shannon"
        results[col] = dict(method=method, value=float(value), drifted=bool(value >= 0.1), psi=psi(rp, cp))
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(dict(seconds=seconds, peak_mb=peak_mb, columns=results)))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
