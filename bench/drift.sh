#!/usr/bin/env bash
# Drift benchmark: checkDrift against a pandas + scipy script running the same tests, side by side.
# Reference = the first three months of ../shared/datasets/performance/flights_3m.csv.gz, current = the last
# three (split once into two CSV files, not timed). Each tool runs as its own process; wall time, CPU time
# and peak memory (max RSS) come from GNU time. Runs REPEAT times (default 3) and reports medians.
#   bench/drift.sh [DATASETS_DIR]      (default ../shared/datasets beside the checkout)
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
find_datasets() { # ../shared/datasets beside the checkout or one of its parents
  local dir="$ROOT"
  for _ in 1 2 3 4 5; do
    [ -d "$dir/../shared/datasets" ] && { (cd "$dir/../shared/datasets" && pwd); return; }
    dir="$(dirname "$dir")"
  done
  echo "$ROOT/../shared/datasets"
}
DATA="${1:-$(find_datasets)}/performance/flights_3m.csv.gz"
REPEAT="${REPEAT:-3}"
PY=/usr/bin/python3
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
[ -f "$DATA" ] || { echo "dataset not found: $DATA" >&2; exit 3; }

echo "building ..." >&2
(cd "$ROOT" && mvn -q -B -o -pl bench -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile="$WORK/cp.txt") >&2
CP="$ROOT/bench/target/classes:$ROOT/core/target/classes:$(cat "$WORK/cp.txt")"

echo "splitting $DATA into Jan-Mar and Apr-Jun ..." >&2
zcat "$DATA" | awk -F, -v ref="$WORK/ref.csv" -v cur="$WORK/cur.csv" \
  'NR==1 {print > ref; print > cur; next} {if (substr($1,6,2) <= "03") print > ref; else print > cur}'

measure() { # label, command...: prints "label wall cpu rss_mb"
  local label="$1"; shift
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/time.txt" "$@" > "$WORK/$label.out" 2> "$WORK/$label.err" || true
  read -r wall user sys rss < "$WORK/time.txt"
  echo "$label $wall $(awk -v u="$user" -v s="$sys" 'BEGIN{print u+s}') $((rss / 1024))"
}

: > "$WORK/results.txt"
for i in $(seq "$REPEAT"); do
  measure peer "$PY" "$ROOT/bench/scripts/drift_peer.py" "$WORK/ref.csv" "$WORK/cur.csv" >> "$WORK/results.txt"
  rm -rf "$WORK/first" "$WORK/second"
  measure first java ${BENCH_JAVA_OPTS:-} -cp "$CP" io.mlsteps.bench.DriftBench "$WORK/ref.csv" "$WORK/cur.csv" "$WORK/first" >> "$WORK/results.txt"
  measure second java ${BENCH_JAVA_OPTS:-} -cp "$CP" io.mlsteps.bench.DriftBench --profile "$WORK/first/reference-profile.json" \
    "$WORK/cur.csv" "$WORK/second" >> "$WORK/results.txt"
done

echo "peer verdicts:    $(cut -c1-400 "$WORK/peer.out")"
echo "mlsteps verdicts: $(grep -o '"drift_share[^,]*,"drifted_columns[^,]*' "$WORK/first.out")"
"$PY" - "$WORK/results.txt" <<'PYEOF'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
med = {}
for label in ("peer", "first", "second"):
    r = [x for x in rows if x[0] == label]
    med[label] = [statistics.median(float(x[i]) for x in r) for i in (1, 2, 3)]
print(f"{'run':<34}{'wall s':>9}{'cpu s':>9}{'peak MB':>9}")
names = {"peer": "pandas + scipy (same tests)", "first": "mlsteps checkDrift, reference data",
         "second": "mlsteps checkDrift, saved profile"}
for k in ("peer", "first", "second"):
    print(f"{names[k]:<34}{med[k][0]:>9.2f}{med[k][1]:>9.2f}{med[k][2]:>9.0f}")
print(f"speed-up vs pandas+scipy (wall): {med['peer'][0] / med['first'][0]:.2f}x   (cpu): {med['peer'][1] / med['first'][1]:.2f}x")
print(f"second run vs first (wall):       {med['first'][0] / med['second'][0]:.2f}x   (cpu): {med['first'][1] / med['second'][1]:.2f}x")
print(f"memory: peer {med['peer'][2]:.0f} MB, mlsteps {med['first'][2]:.0f} MB")
PYEOF
