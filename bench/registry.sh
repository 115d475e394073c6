#!/usr/bin/env bash
# Registry benchmark: the same workload on the embedded SQLite store and on PostgreSQL, side by side in one
# run (there is no other model registry installable on this machine to compare with; MLflow needs PyPI):
# N registrations (with an evaluation event each), 2N resolves (by number and by alias), N verified
# artifact fetches and up to 50 lineage walks; then 8 processes registering concurrently on each store.
#
#   bench/registry.sh [N] [KB]      defaults: N=300 versions, KB=256 (artifact size)
#
# Needs MLSTEPS_TEST_PG_URL (printed by .ci/services.sh); without it only SQLite runs.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
N="${1:-300}"
KB="${2:-256}"
echo "building ..." >&2
(cd "$ROOT" && ./mvnw -q -B -pl cli,bench -am package -DskipTests) >&2
CP="$ROOT/cli/target/mlsteps.jar:$ROOT/bench/target/classes"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
echo "cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg); N=$N versions of $KB KB"

stores=("$TMP/sqlite-registry")
if [ -n "${MLSTEPS_TEST_PG_URL:-}" ]; then
  schema="bench_$$"
  java -cp "$CP" io.mlsteps.bench.RegistryBenchSchema "$MLSTEPS_TEST_PG_URL" "$schema" create
  sep='?'; case "$MLSTEPS_TEST_PG_URL" in *\?*) sep='&' ;; esac
  stores+=("$MLSTEPS_TEST_PG_URL${sep}currentSchema=$schema&blobs=$TMP/pg-blobs")
  trap 'java -cp "$CP" io.mlsteps.bench.RegistryBenchSchema "$MLSTEPS_TEST_PG_URL" "$schema" drop; rm -rf "$TMP"' EXIT
fi

for uri in "${stores[@]}"; do
  java -cp "$CP" io.mlsteps.bench.RegistryBench "$uri" "$N" "$KB" "$TMP/scratch"
done
for uri in "${stores[@]}"; do
  start=$(date +%s.%N)
  pids=()
  for w in 1 2 3 4 5 6 7 8; do
    java -cp "$CP" io.mlsteps.bench.RegistryBench "$uri" 25 4 "$TMP/scratch-$w" concurrent > "$TMP/c$w.out" & pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p"; done
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" -v u="${uri%%\?*}" 'BEGIN { printf "{\"concurrent\": \"8 processes, each the workload above with N=25 and 4 KB artifacts, JVM start included\", \"store\": \"%s\", \"seconds\": %.1f, \"versionsPerSecond\": %.1f}\n", (u ~ /^jdbc:/ ? "postgresql" : "sqlite"), e - s, 200 / (e - s) }'
done
