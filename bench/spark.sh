#!/usr/bin/env bash
# Spark benchmark: the profile of a 30-million-row CSV (ten times flights_3m, made here, not committed) by
#   - the single-process engine: bin/mlsteps profile FILE --threads 2
#   - Spark local[2]:            bin/mlsteps profile FILE --engine spark --spark-master 'local[2]'
#   - pandas:                    read_csv + describe(include='all')   (skipped when less memory is free than
#                                PANDAS_MIN_FREE_GB, default 10: it holds the whole table)
# in the same run, with wall time, CPU (user + sys of the process and its children) and the peak RSS of the largest
# process (the Spark driver for Spark: the launcher's JVM only waits for it). The file is uncompressed CSV, so that
# Spark can split it (a gzip file is one partition). Target: Spark local[2] within 1.5x of the engine.
# The Spark run's log gives the cost of one partition (executor run time, 128 MB splits) and of merging the parts
# on the driver: the inputs of the cluster estimate in docs/benchmarks.md.
#
#   bench/spark.sh [FILE]        default: ../shared/datasets/performance/flights_3m.csv.gz
# Environment: ROUNDS (default 1), MLSTEPS_BENCH_JAVA_OPTS (default -Xmx2g, for both), PANDAS_MIN_FREE_GB.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
find_datasets() {
  local dir="$ROOT"
  for _ in 1 2 3 4 5; do
    [ -d "$dir/../shared/datasets" ] && { (cd "$dir/../shared/datasets" && pwd); return; }
    dir="$(dirname "$dir")"
  done
  echo "${MLSTEPS_SHARED_DATASETS:-$ROOT/../shared/datasets}"
}
DATA="${1:-$(find_datasets)/performance/flights_3m.csv.gz}"
export MLSTEPS_JAVA_OPTS="${MLSTEPS_BENCH_JAVA_OPTS:--Xmx2g}"
MLSTEPS="$ROOT/bin/mlsteps"
ROUNDS="${ROUNDS:-1}"
PY=/usr/bin/python3
[ -f "$DATA" ] || { echo "bench: $DATA not found" >&2; exit 3; }
[ -x /usr/bin/time ] || { echo "bench: GNU time (/usr/bin/time) is needed for peak RSS: apt-get install time" >&2; exit 3; }

echo "building ..." >&2
(cd "$ROOT" && ./mvnw -q -B -pl spark,cli -am package -DskipTests) >&2
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

echo "making a 10x file in $TMP ..." >&2
{ gzip -dcf "$DATA" || true; } | head -1 > "$TMP/x10.csv"  # head closes the pipe early
gzip -dcf "$DATA" | tail -n +2 > "$TMP/body.csv"
for _ in 1 2 3 4 5 6 7 8 9 10; do cat "$TMP/body.csv" >> "$TMP/x10.csv"; done
rm "$TMP/body.csv"
FILE="$TMP/x10.csv"
BYTES=$(stat -c %s "$FILE")

# run NAME CMD...: one timed run; prints wall, CPU, peak RSS and keeps the best wall time in $TMP/NAME.best
run() {
  local name="$1"; shift
  /usr/bin/time -f '%e %M %U %S' -o "$TMP/$name.time" "$@" > "$TMP/$name.out" 2> "$TMP/$name.err" || {
    echo "  $name failed:"; tail -5 "$TMP/$name.err"; return 0; }
  read -r wall rss user sys < "$TMP/$name.time"
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
  printf "  %-14s %7.2f s wall %8.2f s CPU %6.0f MB peak RSS   (load %s)\n" "$name" "$wall" "$cpu" "$((rss / 1024))" "$(cut -d' ' -f1-3 /proc/loadavg)"
  if [ ! -f "$TMP/$name.best" ] || awk -v w="$wall" -v b="$(cut -d' ' -f1 "$TMP/$name.best")" 'BEGIN { exit !(w < b) }'; then
    echo "$wall $cpu $rss" > "$TMP/$name.best"
  fi
}

PANDAS='
import json, sys, time
import pandas as pd
t = time.time()
df = pd.read_csv(sys.argv[1])
d = df.describe(include="all")
print(json.dumps({"tool": "pandas", "rows": len(df), "seconds": round(time.time() - t, 3), "pandas": pd.__version__}))
'
free_gb=$(awk '/MemAvailable/ { print int($2 / 1024 / 1024) }' /proc/meminfo)
pandas_ok=1
$PY -c 'import pandas' 2>/dev/null || { pandas_ok=0; echo "pandas skipped: $PY cannot import pandas"; }
if [ "$free_gb" -lt "${PANDAS_MIN_FREE_GB:-10}" ]; then
  pandas_ok=0; echo "pandas skipped: ${free_gb} GB of memory available, below PANDAS_MIN_FREE_GB=${PANDAS_MIN_FREE_GB:-10}"
fi

# first runs make the launcher's class data sharing archives and start Spark's jars once: not timed
head -1000 "$FILE" > "$TMP/warmup.csv"
"$MLSTEPS" profile "$TMP/warmup.csv" -o "$TMP/w.json" --no-report --quiet > /dev/null
"$MLSTEPS" profile "$TMP/warmup.csv" -o "$TMP/w.json" --no-report --quiet --engine spark --spark-master 'local[2]' > /dev/null 2>&1

echo "file: 10 x $(basename "$DATA"): $(($(wc -l < "$FILE") - 1)) rows, $BYTES bytes; cores: $(nproc); MLSTEPS_JAVA_OPTS=$MLSTEPS_JAVA_OPTS"
for round in $(seq "$ROUNDS"); do
  echo "round $round of $ROUNDS (load at start: $(cut -d' ' -f1-3 /proc/loadavg))"
  run engine "$MLSTEPS" profile "$FILE" -o "$TMP/engine.json" --no-report --threads 2
  run spark-local2 "$MLSTEPS" profile "$FILE" -o "$TMP/spark.json" --no-report --engine spark --spark-master 'local[2]'
  if [ "$pandas_ok" = 1 ]; then
    run pandas $PY -c "$PANDAS" "$FILE"
  fi
done
echo "best of $ROUNDS:"
for name in engine spark-local2 pandas; do
  [ -f "$TMP/$name.best" ] || continue
  read -r wall cpu rss < "$TMP/$name.best"
  awk -v n="$name" -v w="$wall" -v c="$cpu" -v r="$rss" -v b="$BYTES" 'BEGIN {
    printf "%-14s %7.2f s %6.1f MB/s %8.2f s CPU %6.0f MB peak RSS\n", n, w, b / 1e6 / w, c, r / 1024 }'
done
if [ -f "$TMP/engine.best" ] && [ -f "$TMP/spark-local2.best" ]; then
  read -r ew _ _ < "$TMP/engine.best"
  read -r sw _ _ < "$TMP/spark-local2.best"
  read -r _ ec _ < "$TMP/engine.best"
  read -r _ sc _ < "$TMP/spark-local2.best"
  awk -v e="$ew" -v s="$sw" 'BEGIN { printf "ratio Spark local[2] / engine: %.2fx by wall time (target: at most 1.5x)\n", s / e }'
  # under load wall times depend on what else runs: CPU seconds are the comparable number
  awk -v e="$ec" -v s="$sc" 'BEGIN { printf "ratio Spark local[2] / engine: %.2fx by CPU\n", s / e }'
fi
echo "Spark's log (session start, partitions, per-partition cost, merge cost):"
grep -E "session on|read in" "$TMP/spark-local2.out" || true
cmp -s <(python3 -c "import json,sys; p=json.load(open(sys.argv[1])); print(p['rows'], [(c['name'], c['count'], c['missing'], c['type']) for c in p['columns']])" "$TMP/engine.json") \
       <(python3 -c "import json,sys; p=json.load(open(sys.argv[1])); print(p['rows'], [(c['name'], c['count'], c['missing'], c['type']) for c in p['columns']])" "$TMP/spark.json") \
  && echo "profiles agree: rows, and per column count, missing and type" || echo "profiles DIFFER (rows, count, missing or type)"
