#!/usr/bin/env bash
# Profiling benchmark: mlsteps (DatasetProfile.compute, the engine of `mlsteps profile`) beside pandas
# (read_csv + describe(include='all')) on the same file in the same run; then mlsteps alone on a file 10x
# larger, to show that its peak memory does not grow with the data.
#
#   bench/profile.sh [FILE]        default: ../shared/datasets/performance/flights_3m.csv.gz
#
# Environment: MLSTEPS_BENCH_JAVA_OPTS (default -Xmx256m), MLSTEPS_BENCH_THREADS (default: all cores),
# SKIP_10X=1 to skip the large file, PANDAS_10X=1 to run pandas on it too (needs several GB of memory).
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
DATA="${1:-$ROOT/../shared/datasets/performance/flights_3m.csv.gz}"
JAVA_OPTS="${MLSTEPS_BENCH_JAVA_OPTS:--Xmx256m}"
THREADS="${MLSTEPS_BENCH_THREADS:-$(nproc)}"
PY=/usr/bin/python3
[ -f "$DATA" ] || { echo "bench: $DATA not found" >&2; exit 3; }
[ -x /usr/bin/time ] || { echo "bench: GNU time (/usr/bin/time) is needed for peak RSS: apt-get install time" >&2; exit 3; }
$PY -c 'import pandas' 2>/dev/null || { echo "bench: $PY cannot import pandas: apt-get install python3-pandas" >&2; exit 3; }

echo "building ..." >&2
(cd "$ROOT" && mvn -q -B -pl cli,bench -am package -DskipTests) >&2
CP="$ROOT/cli/target/mlsteps.jar:$ROOT/bench/target/classes"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

uncompressed_bytes() {
  case "$1" in *.gz) gzip -dc "$1" | wc -c ;; *) stat -c %s "$1" ;; esac
}

# run NAME FILE CMD...: runs CMD under GNU time, prints one table row, keeps wall seconds in $TMP/NAME.wall
run() {
  local name="$1" file="$2"; shift 2
  /usr/bin/time -f '%e %M' -o "$TMP/$name.time" "$@" > "$TMP/$name.out"
  local wall rss rows bytes
  read -r wall rss < "$TMP/$name.time"
  rows=$(grep -o '"rows": [0-9]*' "$TMP/$name.out" | head -1 | grep -o '[0-9]*$')
  bytes=$(uncompressed_bytes "$file")
  echo "$wall" > "$TMP/$name.wall"
  awk -v n="$name" -v w="$wall" -v r="$rss" -v rows="$rows" -v b="$bytes" 'BEGIN {
    printf "%-16s %12d rows %8.2f s %12.0f rows/s %8.1f MB/s %8.0f MB peak RSS\n", n, rows, w, rows / w, b / 1e6 / w, r / 1024 }'
}

PANDAS='
import json, sys, time
import pandas as pd
t = time.time()
df = pd.read_csv(sys.argv[1])
d = df.describe(include="all")
print(json.dumps({"tool": "pandas", "rows": len(df), "seconds": round(time.time() - t, 3), "pandas": pd.__version__}))
'

echo "file: $DATA ($(uncompressed_bytes "$DATA") bytes uncompressed); cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg); java: $JAVA_OPTS, $THREADS threads"
run "mlsteps" "$DATA" java $JAVA_OPTS -cp "$CP" io.mlsteps.bench.ProfileBench "$DATA" "$THREADS"
run "pandas" "$DATA" $PY -c "$PANDAS" "$DATA"
awk -v m="$(cat "$TMP/mlsteps.wall")" -v p="$(cat "$TMP/pandas.wall")" \
  'BEGIN { printf "throughput ratio mlsteps/pandas: %.2fx (wall time pandas %.2f s / mlsteps %.2f s)\n", p / m, p, m }'

if [ "${SKIP_10X:-0}" != 1 ]; then
  echo "building a 10x file in $TMP ..." >&2
  case "$DATA" in
    *.gz) gzip -dc "$DATA" | head -1 | gzip -1 > "$TMP/head.gz"
          gzip -dc "$DATA" | tail -n +2 | gzip -1 > "$TMP/body.gz" ;;
    *)    head -1 "$DATA" | gzip -1 > "$TMP/head.gz"; tail -n +2 "$DATA" | gzip -1 > "$TMP/body.gz" ;;
  esac
  # concatenated gzip members are one valid gzip stream
  cat "$TMP/head.gz" "$TMP"/body.gz "$TMP"/body.gz "$TMP"/body.gz "$TMP"/body.gz "$TMP"/body.gz \
      "$TMP"/body.gz "$TMP"/body.gz "$TMP"/body.gz "$TMP"/body.gz "$TMP"/body.gz > "$TMP/x10.csv.gz"
  rm "$TMP/body.gz"
  ls -l "$TMP/x10.csv.gz"
  run "mlsteps-10x" "$TMP/x10.csv.gz" java $JAVA_OPTS -cp "$CP" io.mlsteps.bench.ProfileBench "$TMP/x10.csv.gz" "$THREADS"
  if [ "${PANDAS_10X:-0}" = 1 ]; then
    run "pandas-10x" "$TMP/x10.csv.gz" $PY -c "$PANDAS" "$TMP/x10.csv.gz"
  fi
fi
echo "mlsteps output: $(cat "$TMP/mlsteps.out")"
