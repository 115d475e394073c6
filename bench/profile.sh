#!/usr/bin/env bash
# Profiling benchmark: `mlsteps profile FILE -o profile.json --no-report` run through the launcher as users run
# it (bin/mlsteps: the command's JVM options and class data sharing archive) beside pandas
# (read_csv + describe(include='all')) on the same file in the same run; then mlsteps alone on a file 10x
# larger, to show that its peak memory does not grow with the data.
#
#   bench/profile.sh [FILE]        default: ../shared/datasets/performance/flights_3m.csv.gz
#
# The two tools alternate for ROUNDS rounds (default 3) and each keeps its best wall time, so a busy machine
# disturbs the comparison less; CPU seconds (user + sys) are shown as well.
# The floor: "zcat" is `zcat FILE > /dev/null` (for a plain file `cat`), the single-stream decode every reader of a
# gzip file pays; the target is the whole `mlsteps profile` process within 2x of it, measured in the same run.
# Extra rows, for what the parts cost: "mlsteps-report" is the whole `mlsteps profile` (result.json, report.html
# and PNG charts as well), "engine-jvmdefault" the engine alone (DatasetProfile.compute, io.mlsteps.bench.
# ProfileBench) on a JVM with default options and no archive. -Xmx256m everywhere (MLSTEPS_BENCH_JAVA_OPTS).
# Environment: MLSTEPS_BENCH_JAVA_OPTS (default -Xmx256m), MLSTEPS_BENCH_THREADS (default: all cores), ROUNDS,
# SKIP_10X=1 to skip the large file, PANDAS_10X=1 to run pandas on it too (needs several GB of memory).
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
. "$ROOT/bench/scripts/datasets.sh"
DATA="${1:-$(find_datasets)/performance/flights_3m.csv.gz}"
HEAP_OPTS="${MLSTEPS_BENCH_JAVA_OPTS:--Xmx256m}"
export MLSTEPS_JAVA_OPTS="$HEAP_OPTS"
MLSTEPS="$ROOT/bin/mlsteps"
THREADS="${MLSTEPS_BENCH_THREADS:-$(nproc)}"
ROUNDS="${ROUNDS:-3}"
PY=/usr/bin/python3
[ -f "$DATA" ] || { echo "bench: $DATA not found" >&2; exit 3; }
[ -x /usr/bin/time ] || { echo "bench: GNU time (/usr/bin/time) is needed for peak RSS: apt-get install time" >&2; exit 3; }
$PY -c 'import pandas' 2>/dev/null || { echo "bench: $PY cannot import pandas: apt-get install python3-pandas" >&2; exit 3; }

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
if [ "${SKIP_BUILD:-0}" != 1 ]; then # SKIP_BUILD=1: the jars are up to date
  echo "building ..." >&2
  (cd "$ROOT" && ./mvnw -q -B -pl cli,bench -am package -DskipTests) >&2
fi
CP="$ROOT/cli/target/mlsteps.jar:$ROOT/bench/target/classes"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

uncompressed_bytes() {
  case "$1" in *.gz) gzip -dc "$1" | wc -c ;; *) stat -c %s "$1" ;; esac
}

# run NAME FILE CMD...: runs CMD under GNU time; keeps the best wall time (and its CPU) and the largest peak
# RSS of NAME across calls in $TMP/NAME.best; prints the row of this run
run() {
  local name="$1" file="$2"; shift 2
  /usr/bin/time -f '%e %M %U %S' -o "$TMP/$name.time" "$@" > "$TMP/$name.out"
  local wall rss user sys rows
  read -r wall rss user sys < "$TMP/$name.time"
  # rows, and the seconds of the work alone (without process start-up): pandas and ProfileBench print JSON,
  # `mlsteps profile` a log line "N rows in S s"
  rows=$(grep -o '"rows" *: *[0-9]*' "$TMP/$name.out" | head -1 | grep -o '[0-9]*$' || true)
  work=$(grep -o '"seconds" *: *[0-9.]*' "$TMP/$name.out" | head -1 | grep -o '[0-9.]*$' || true)
  if [ -z "$rows" ]; then
    rows=$(grep -o '[0-9,]* rows in [0-9.]*s' "$TMP/$name.out" | head -1 | cut -d' ' -f1 | tr -d , || true)
    work=$(grep -o '[0-9,]* rows in [0-9.]*s' "$TMP/$name.out" | head -1 | cut -d' ' -f4 | tr -d s || true)
  fi
  if [ -f "$TMP/$name.best" ]; then
    read -r bwall brss bcpu _ bwork < "$TMP/$name.best"
    awk -v w="$wall" -v b="$bwall" 'BEGIN { exit !(w < b) }' || { wall=$bwall; user=$bcpu; sys=0; }
    [ "$brss" -gt "$rss" ] && rss=$brss
    awk -v w="${work:-0}" -v b="${bwork:-0}" 'BEGIN { exit !(b > 0 && (w == 0 || b < w)) }' && work=$bwork
  fi
  echo "$wall $rss $(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }') $rows ${work:-0}" > "$TMP/$name.best"
  tail -c +1 "$TMP/$name.time" | awk -v n="$name" '{ printf "  %-14s run: %6.2f s wall, %6.2f s CPU, %5.0f MB peak RSS\n", n, $1, $3 + $4, $2 / 1024 }'
}

# report NAME FILE: the table row of NAME's best run
report() {
  local name="$1" file="$2" bytes
  bytes=$(uncompressed_bytes "$file")
  read -r wall rss cpu rows work < "$TMP/$name.best"
  awk -v n="$name" -v w="$wall" -v r="$rss" -v c="$cpu" -v rows="$rows" -v b="$bytes" -v k="$work" 'BEGIN {
    printf "%-18s %9d rows %7.2f s %10.0f rows/s %6.1f MB/s %6.2f s CPU %5.0f MB peak RSS", n, rows, w, rows / w, b / 1e6 / w, c, r / 1024
    if (k > 0) printf "   work alone %5.2f s = %9.0f rows/s", k, rows / k
    printf "\n" }'
}

PANDAS='
import json, sys, time
import pandas as pd
t = time.time()
df = pd.read_csv(sys.argv[1])
d = df.describe(include="all")
print(json.dumps({"tool": "pandas", "rows": len(df), "seconds": round(time.time() - t, 3), "pandas": pd.__version__}))
'

# the launcher makes the command's class data sharing archive on its first run: make it before timing
{ gzip -dcf "$DATA" || true; } | head -1000 > "$TMP/warmup.csv"  # head closes the pipe early
"$MLSTEPS" profile "$TMP/warmup.csv" -o "$TMP/warmup.json" --no-report --quiet > /dev/null

echo "file: $(basename "$DATA") ($(uncompressed_bytes "$DATA") bytes uncompressed); cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg); mlsteps: bin/mlsteps profile, MLSTEPS_JAVA_OPTS=$HEAP_OPTS, $THREADS threads"
for round in $(seq "$ROUNDS"); do
  echo "round $round of $ROUNDS"
  run "zcat" "$DATA" sh -c 'case "$1" in *.gz) zcat "$1" ;; *) cat "$1" ;; esac > /dev/null' zcat "$DATA"
  run "mlsteps" "$DATA" "$MLSTEPS" profile "$DATA" -o "$TMP/profile.json" --no-report --threads "$THREADS"
  run "pandas" "$DATA" $PY -c "$PANDAS" "$DATA"
  run "mlsteps-report" "$DATA" "$MLSTEPS" profile "$DATA" -o "$TMP/profile.json" --out "$TMP/report" \
    --threads "$THREADS"
  run "engine-jvmdefault" "$DATA" java $HEAP_OPTS -cp "$CP" io.mlsteps.bench.ProfileBench "$DATA" "$THREADS"
done
echo "best of $ROUNDS:"
report zcat "$DATA"
report mlsteps "$DATA"
report pandas "$DATA"
report mlsteps-report "$DATA"
report engine-jvmdefault "$DATA"
read -r mwall _ mcpu _ mwork < "$TMP/mlsteps.best"
read -r pwall _ pcpu _ pwork < "$TMP/pandas.best"
awk -v m="$mwall" -v p="$pwall" -v mc="$mcpu" -v pc="$pcpu" -v mk="$mwork" -v pk="$pwork" 'BEGIN {
  printf "throughput ratio mlsteps/pandas, whole processes: %.2fx by wall time (%.2f s vs %.2f s), %.2fx by CPU time (%.2f s vs %.2f s)\n", p / m, m, p, pc / mc, mc, pc
  printf "throughput ratio mlsteps/pandas, the work alone (profiling vs read_csv + describe, start-up and imports excluded): %.2fx (%.2f s vs %.2f s)\n", pk / mk, mk, pk }'
read -r zwall _ zcpu _ _ < "$TMP/zcat.best"
awk -v m="$mwall" -v z="$zwall" -v p="$pwall" -v mc="$mcpu" -v zc="$zcpu" 'BEGIN {
  printf "targets (issue 20): mlsteps profile within 2x of zcat: %.2fx (%.2f s vs %.2f s; CPU %.2f s vs %.2f s): %s; >= 3x pandas: %.2fx: %s\n", m / z, m, z, mc, zc, (m / z <= 2 ? "met" : "MISSED"), p / m, (p / m >= 3 ? "met" : "MISSED") }'

if [ "${SKIP_10X:-0}" != 1 ]; then
  echo "building a 10x file in $TMP ..." >&2
  case "$DATA" in
    *.gz) { gzip -dc "$DATA" || true; } | head -1 | gzip -1 > "$TMP/head.gz"  # head closes the pipe early
          gzip -dc "$DATA" | tail -n +2 | gzip -1 > "$TMP/body.gz" ;;
    *)    head -1 "$DATA" | gzip -1 > "$TMP/head.gz"; tail -n +2 "$DATA" | gzip -1 > "$TMP/body.gz" ;;
  esac
  # concatenated gzip members are one valid gzip stream
  cat "$TMP/head.gz" "$TMP"/body.gz "$TMP"/body.gz "$TMP"/body.gz "$TMP"/body.gz "$TMP"/body.gz \
      "$TMP"/body.gz "$TMP"/body.gz "$TMP"/body.gz "$TMP"/body.gz "$TMP"/body.gz > "$TMP/x10.csv.gz"
  rm "$TMP/body.gz"
  ls -l "$TMP/x10.csv.gz"
  run "mlsteps-10x" "$TMP/x10.csv.gz" "$MLSTEPS" profile "$TMP/x10.csv.gz" -o "$TMP/profile10.json" --no-report \
    --threads "$THREADS"
  report mlsteps-10x "$TMP/x10.csv.gz"
  # the JVM's default options (optimising compiler, G1) on the long run, to show where the short-run options stop paying
  run "mlsteps-10x-jvmdefault" "$TMP/x10.csv.gz" java $HEAP_OPTS -Dpicocli.disable.closures=true -jar "$ROOT/cli/target/mlsteps.jar" profile \
    "$TMP/x10.csv.gz" -o "$TMP/profile10.json" --no-report --threads "$THREADS"
  report mlsteps-10x-jvmdefault "$TMP/x10.csv.gz"
  if [ "${PANDAS_10X:-0}" = 1 ]; then
    run "pandas-10x" "$TMP/x10.csv.gz" $PY -c "$PANDAS" "$TMP/x10.csv.gz"
    report pandas-10x "$TMP/x10.csv.gz"
  fi
fi
echo "mlsteps output:"; cat "$TMP/mlsteps.out"
echo "load average before: $LOAD_BEFORE; after: $(cut -d' ' -f1-3 /proc/loadavg); cores: $(nproc)"
