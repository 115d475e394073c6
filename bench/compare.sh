#!/usr/bin/env bash
# compareToBaseline benchmark: the paired bootstrap of the accuracy and ROC AUC deltas (1000 resamples) of two
# classifiers' predictions, mlsteps (PairedMetrics + PairedBootstrap, the engine of `mlsteps compare`) beside the
# loop a data scientist writes with numpy and scikit-learn (accuracy_score, roc_auc_score per resample), on the
# same predictions files in the same run. Wall time includes reading the files (and the JVM's start).
#
#   bench/compare.sh [ROWS] [RESAMPLES]        defaults: 16281 (the adult test set) and 1000
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
ROWS="${1:-16281}"
RESAMPLES="${2:-1000}"
PY=/usr/bin/python3
$PY -c 'import sklearn, numpy' 2>/dev/null || { echo "bench: $PY cannot import sklearn: apt-get install python3-sklearn" >&2; exit 3; }
[ -x /usr/bin/time ] || { echo "bench: GNU time (/usr/bin/time) is needed: apt-get install time" >&2; exit 3; }

echo "building ..." >&2
(cd "$ROOT" && ./mvnw -q -B -pl cli,bench -am package -DskipTests) >&2
CP="$ROOT/cli/target/mlsteps.jar:$ROOT/bench/target/classes"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# two classifiers of about 84 % and 82 % accuracy with probability scores
$PY - "$TMP" "$ROWS" <<'PYEOF'
import sys, numpy as np
out, n = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(7)
y = rng.random(n) < 0.24
for name, skill in (("cand", 0.84), ("base", 0.82)):
    right = rng.random(n) < skill
    pred = np.where(right, y, ~y)
    s = np.where(pred, 0.5 + rng.random(n) / 2, rng.random(n) / 2)
    lab = lambda b: np.where(b, ">50K", "<=50K")
    with open(f"{out}/{name}.csv", "w") as f:
        f.write("row,y_true,y_pred,score:<=50K,score:>50K\n")
        for i, (t, p, sc) in enumerate(zip(lab(y), lab(pred), s)):
            f.write(f"{i},{t},{p},{1 - sc:.6f},{sc:.6f}\n")
PYEOF

PEER='
import json, sys, time
import numpy as np, pandas as pd
from sklearn.metrics import accuracy_score, roc_auc_score
t = time.time()
c, b, B = pd.read_csv(sys.argv[1]), pd.read_csv(sys.argv[2]), int(sys.argv[3])
y = (c["y_true"] == ">50K").to_numpy()
cp, bp = c["y_pred"].to_numpy(), b["y_pred"].to_numpy()
cs, bs = c["score:>50K"].to_numpy(), b["score:>50K"].to_numpy()
yt = c["y_true"].to_numpy()
rng = np.random.default_rng(42)
da, dr = [], []
for _ in range(B):
    i = rng.integers(0, len(y), len(y))
    da.append(accuracy_score(yt[i], cp[i]) - accuracy_score(yt[i], bp[i]))
    dr.append(roc_auc_score(y[i], cs[i]) - roc_auc_score(y[i], bs[i]))
print(json.dumps({"tool": "numpy+sklearn", "rows": len(y), "resamples": B, "seconds": round(time.time() - t, 3),
                  "accuracy": list(np.percentile(da, [2.5, 97.5])), "roc_auc": list(np.percentile(dr, [2.5, 97.5]))}))
'

run() {
  local name="$1"; shift
  /usr/bin/time -f '%e %M' -o "$TMP/$name.time" "$@" > "$TMP/$name.out"
  read -r wall rss < "$TMP/$name.time"
  echo "$wall" > "$TMP/$name.wall"
  printf '%-14s %8.2f s wall %8.0f MB peak RSS  %s\n' "$name" "$wall" "$(echo "$rss / 1024" | bc)" "$(cat "$TMP/$name.out")"
}

echo "rows: $ROWS; resamples: $RESAMPLES; cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg)"
run mlsteps java -cp "$CP" io.mlsteps.bench.CompareBench "$TMP/cand.csv" "$TMP/base.csv" "$RESAMPLES"
run numpy+sklearn $PY -c "$PEER" "$TMP/cand.csv" "$TMP/base.csv" "$RESAMPLES"
awk -v m="$(cat "$TMP/mlsteps.wall")" -v p="$(cat "$TMP/numpy+sklearn.wall")" \
  'BEGIN { printf "speed ratio mlsteps vs numpy+sklearn: %.1fx (wall %.2f s vs %.2f s)\n", p / m, m, p }'
