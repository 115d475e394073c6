#!/usr/bin/env bash
# Benchmark of trainModel/evaluateModel against scikit-learn, side by side in the same run, on the same encoded
# features, trained on adult_train and evaluated on adult_test: logistic_regression vs LogisticRegression,
# random_forest vs RandomForestClassifier (same trees, sqrt features), xgboost vs HistGradientBoostingClassifier
# (same rounds, learning rate, depth) and vs the random forest.
# Prints fit time (wall and process CPU seconds), accuracy and ROC AUC of both and the ratios
# (target: quality within 1 point, time within 2x). Both sides fit single-threaded.
# Usage: bench/train.sh [TREES]   (datasets from MLSTEPS_SHARED_DATASETS or ../shared/datasets)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
. bench/scripts/datasets.sh
DATA="$(find_datasets)"
[ -f "$DATA/adult/adult_train.csv" ] || { echo "adult_train.csv not found; set MLSTEPS_SHARED_DATASETS" >&2; exit 3; }
TREES="${1:-100}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
"$ROOT/mvnw" -q -B -o -pl core,cli,bench package -DskipTests
CP="cli/target/mlsteps.jar:bench/target/classes"
echo "load before: $(uptime)"
echo "mlsteps (Tribuo) ..." >&2
java -Xmx2g -cp "$CP" io.mlsteps.bench.TrainBench "$DATA/adult/adult_train.csv" "$DATA/adult/adult_test.csv" income \
  "$OUT/mlsteps" "$TREES" > "$OUT/mlsteps.jsonl" 2> "$OUT/mlsteps.log" || { tail -20 "$OUT/mlsteps.log" >&2; exit 1; }
grep -E 'trained in' "$OUT/mlsteps.log" >&2 || true
echo "scikit-learn ..." >&2
# one thread for BLAS and OpenMP, as the mlsteps side (XGBoost threads: 1)
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 /usr/bin/python3 bench/train_sklearn.py \
  "$DATA/adult/adult_train.csv" "$DATA/adult/adult_test.csv" income "$TREES" > "$OUT/sklearn.jsonl"
echo "load after: $(uptime)"
echo
/usr/bin/python3 - "$OUT/mlsteps.jsonl" "$OUT/sklearn.jsonl" <<'PY'
import json, sys
m = {r['algorithm']: r for r in map(json.loads, open(sys.argv[1]))}
s = {r['algorithm']: r for r in map(json.loads, open(sys.argv[2]))}
print('| algorithm | tool | fit s | fit CPU s | accuracy | ROC AUC |')
print('|---|---|---:|---:|---:|---:|')
for a in m:
    for r in (m[a], s[a]):
        name = r['tool'] + (' ' + r['peer'] if 'peer' in r else '')
        print('| %s | %s | %.2f | %.2f | %.4f | %.4f |' % (a, name, r['fit_seconds'], r['fit_cpu_seconds'],
                                                         r['accuracy'], r['roc_auc']))
print()
print('| comparison | time ratio mlsteps/sklearn | CPU ratio | accuracy diff (points) | AUC diff (points) | within targets |')
print('|---|---:|---:|---:|---:|---|')
pairs = [(a, a) for a in m if a in s] + ([('xgboost', 'random_forest')] if 'xgboost' in m and 'random_forest' in s else [])
for a, b in pairs:
    p = s[b]
    ratio = m[a]['fit_seconds'] / p['fit_seconds']
    cpu = m[a]['fit_cpu_seconds'] / p['fit_cpu_seconds']
    da = 100 * (m[a]['accuracy'] - p['accuracy'])
    dauc = 100 * (m[a]['roc_auc'] - p['roc_auc'])
    ok = ratio <= 2 and da >= -1 and dauc >= -1
    print('| %s vs sklearn %s | %.2fx | %.2fx | %+.2f | %+.2f | %s |' % (a, p['peer'], ratio, cpu, da, dauc,
                                                                       'yes' if ok else 'NO'))
PY
