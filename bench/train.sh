#!/usr/bin/env bash
# Benchmark of trainModel/evaluateModel against scikit-learn, side by side in the same run, on the same encoded
# features: logistic regression and a random forest (plus mlsteps XGBoost against the same random forest) trained
# on adult_train, evaluated on adult_test.
# Prints fit time, accuracy and ROC AUC of both and the ratios (target: quality within 1 point, time within 2x).
# Usage: bench/train.sh [TREES]   (datasets from MLSTEPS_SHARED_DATASETS or ../shared/datasets)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${MLSTEPS_SHARED_DATASETS:-}"
if [ -z "$DATA" ]; then
  for d in ../shared/datasets ../../shared/datasets ../../../shared/datasets; do
    [ -d "$d" ] && { DATA="$d"; break; }
  done
fi
[ -f "$DATA/adult/adult_train.csv" ] || { echo "adult_train.csv not found; set MLSTEPS_SHARED_DATASETS" >&2; exit 3; }
TREES="${1:-100}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
echo "uptime: $(uptime)" >&2
mvn -q -B -o -pl core,cli,bench package -DskipTests
CP="cli/target/mlsteps.jar:bench/target/classes"
echo "mlsteps (Tribuo) ..." >&2
java -Xmx2g -cp "$CP" io.mlsteps.bench.TrainBench "$DATA/adult/adult_train.csv" "$DATA/adult/adult_test.csv" income \
  "$OUT/mlsteps" "$TREES" > "$OUT/mlsteps.jsonl" 2> "$OUT/mlsteps.log" || { tail -20 "$OUT/mlsteps.log" >&2; exit 1; }
grep -E 'tribuo: (Building|Training|At iteration)|trained in' "$OUT/mlsteps.log" | tail -4 >&2 || true
echo "scikit-learn ..." >&2
/usr/bin/python3 bench/train_sklearn.py "$DATA/adult/adult_train.csv" "$DATA/adult/adult_test.csv" income "$TREES" \
  > "$OUT/sklearn.jsonl"
/usr/bin/python3 - "$OUT/mlsteps.jsonl" "$OUT/sklearn.jsonl" <<'PY'
import json, sys
m = {r['algorithm']: r for r in map(json.loads, open(sys.argv[1]))}
s = {r['algorithm']: r for r in map(json.loads, open(sys.argv[2]))}
print('| algorithm | tool | fit s | accuracy | ROC AUC |')
print('|---|---|---:|---:|---:|')
peer = lambda a: s.get(a, s['random_forest'])  # XGBoost is compared with the random forest, the peer's ensemble
for a in m:
    for r in (m[a], peer(a)):
        print('| %s | %s | %.2f | %.4f | %.4f |' % (a, r['tool'], r['fit_seconds'], r['accuracy'], r['roc_auc']))
print()
print('| algorithm | time ratio mlsteps/sklearn | accuracy diff (points) | AUC diff (points) | within targets |')
print('|---|---:|---:|---:|---|')
for a in m:
    p = peer(a)
    ratio = m[a]['fit_seconds'] / p['fit_seconds']
    da = 100 * (m[a]['accuracy'] - p['accuracy'])
    dauc = 100 * (m[a]['roc_auc'] - p['roc_auc'])
    ok = ratio <= 2 and da >= -1 and dauc >= -1
    print('| %s vs sklearn %s | %.2fx | %+.2f | %+.2f | %s |' % (a, p['algorithm'], ratio, da, dauc, 'yes' if ok else 'NO'))
PY
