#!/usr/bin/env bash
# Batch prediction benchmark: `mlsteps predict` against pandas + scikit-learn doing the same job, side by side.
# Input: all 3,000,000 rows of ../shared/datasets/performance/flights_3m.csv.gz (gzip CSV). Model: a linear
# regression of `delay` on distance, origin and destination (one-hot), trained by each tool on the same first
# TRAIN_ROWS rows (default 200,000; not timed): trainModel linear_sgd, and scikit-learn's SGDRegressor behind a
# OneHotEncoder. Timed: a whole process each, as users run it: `bin/mlsteps predict` (JVM start-up included,
# with the launcher's class archive, made by one untimed run first) and `predict_peer.py predict` (Python start,
# imports, read_csv, predict, to_csv). Both write `row,prediction` as plain CSV. Wall time, CPU time and peak
# memory (max RSS) come from GNU time; mlsteps also runs with -Xmx256m to show that its memory stays bounded.
#   bench/predict.sh [DATASETS_DIR]      (default ../shared/datasets beside the checkout; REPEAT=n runs, median)
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
. "$ROOT/bench/scripts/datasets.sh"
DATA="${1:-$(find_datasets)}/performance/flights_3m.csv.gz"
REPEAT="${REPEAT:-1}"
TRAIN_ROWS="${TRAIN_ROWS:-200000}"
PY=/usr/bin/python3
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
[ -f "$DATA" ] || { echo "dataset not found: $DATA" >&2; exit 3; }
[ -x /usr/bin/time ] || { echo "GNU time not found (apt-get install time)" >&2; exit 3; }

echo "building the command line jar ..." >&2
(cd "$ROOT" && ./mvnw -q -B -o -pl cli -am package -DskipTests) >&2
export MLSTEPS_JAR="$ROOT/cli/target/mlsteps.jar" MLSTEPS_CDS_DIR="$WORK/cds"

echo "training both models on the first $TRAIN_ROWS rows (not timed) ..." >&2
zcat "$DATA" | head -n "$((TRAIN_ROWS + 1))" > "$WORK/train.csv" || true
"$ROOT/bin/mlsteps" train --data "$WORK/train.csv" --label-column delay --algorithm linear_sgd \
  --param epochs=10 --exclude-features date --seed 1 --out "$WORK/train" --quiet >&2
"$PY" "$ROOT/bench/scripts/predict_peer.py" fit "$WORK/train.csv" "$WORK/model.pkl"

measure() { # label, command...: prints "label wall cpu rss_mb"
  local label="$1"; shift
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/time.txt" "$@" > "$WORK/$label.out" 2> "$WORK/$label.err" \
    || { echo "$label failed:" >&2; tail -5 "$WORK/$label.err" >&2; exit 1; }
  read -r wall user sys rss < "$WORK/time.txt"
  echo "$label $wall $(awk -v u="$user" -v s="$sys" 'BEGIN{print u+s}') $((rss / 1024))"
}
# airports absent from the training rows are scored as no feature on both sides (OneHotEncoder's handle_unknown)
MLSTEPS=("$ROOT/bin/mlsteps" predict "$DATA" --model-file "$WORK/train/model.tribuo" --output "$WORK/mlsteps.csv"
  --unseen-categories ignore --out "$WORK/step" --quiet)
echo "first mlsteps run (makes the launcher's class archive; not timed) ..." >&2
"${MLSTEPS[@]}" > /dev/null 2> "$WORK/first.err" || { tail -5 "$WORK/first.err" >&2; exit 1; }
echo "load before: $(uptime)"
: > "$WORK/results.txt"
for i in $(seq "$REPEAT"); do
  echo "round $i of $REPEAT ..." >&2
  measure mlsteps "${MLSTEPS[@]}" >> "$WORK/results.txt"
  measure mlsteps-256m env MLSTEPS_JAVA_OPTS=-Xmx256m "${MLSTEPS[@]}" >> "$WORK/results.txt"
  measure pandas "$PY" "$ROOT/bench/scripts/predict_peer.py" predict "$DATA" "$WORK/model.pkl" "$WORK/pandas.csv" \
    >> "$WORK/results.txt"
done
echo "load after: $(uptime)"
ROWS_M="$(($(wc -l < "$WORK/mlsteps.csv") - 1))"
ROWS_P="$(($(wc -l < "$WORK/pandas.csv") - 1))"
echo "rows written: mlsteps $ROWS_M, pandas $ROWS_P; mlsteps' own rate: $(sed -n 's/.*"rows_per_second" : \([0-9.]*\).*/\1/p' "$WORK/step/result.json") rows/s"
"$PY" - "$WORK/results.txt" "$ROWS_M" "$WORK/mlsteps.csv" "$WORK/pandas.csv" "$WORK/train.csv" <<'PY'
import statistics, sys
import pandas as pd
rows = {}
for line in open(sys.argv[1]):
    label, wall, cpu, rss = line.split()
    rows.setdefault(label, []).append((float(wall), float(cpu), int(rss)))
n = int(sys.argv[2])
med = {k: tuple(statistics.median(x[i] for x in v) for i in range(3)) for k, v in rows.items()}
print('| tool | wall s | CPU s | rows/s (wall) | peak RSS MB |')
print('|---|---:|---:|---:|---:|')
for k, (wall, cpu, rss) in med.items():
    print('| %s | %.2f | %.2f | %s | %d |' % (k, wall, cpu, format(round(n / wall), ','), rss))
m, p = med['mlsteps'], med['pandas']
print()
print('throughput ratio mlsteps/pandas (wall): %.2fx; CPU ratio pandas/mlsteps: %.2fx; RSS mlsteps/pandas: %.2f'
      % (p[0] / m[0], p[1] / m[1], m[2] / p[2]))
# a sanity check that both are the same kind of model: their RMSE on the training rows' delays
truth = pd.read_csv(sys.argv[5])['delay'].to_numpy()
k = len(truth)
for name, path in (('mlsteps', sys.argv[3]), ('pandas', sys.argv[4])):
    pred = pd.read_csv(path, nrows=k)['prediction'].to_numpy()
    print('%s: RMSE on the %d training rows %.3f' % (name, k, ((pred - truth) ** 2).mean() ** 0.5))
PY
