#!/usr/bin/env bash
# Drift benchmark: checkDrift against a pandas + scipy script running the same tests, side by side.
# Reference = the first three months of ../shared/datasets/performance/flights_3m.csv.gz, current = the last
# three (split once into two CSV files, not timed). mlsteps runs through bin/mlsteps, as users run it. Each
# tool runs as its own process; wall time, CPU time and peak memory (max RSS) come from GNU time. Runs REPEAT
# times (default 3) and reports medians. MLSTEPS_CDS=off measures without the launcher's class archive.
#   bench/drift.sh [DATASETS_DIR]      (default ../shared/datasets beside the checkout)
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
. "$ROOT/bench/scripts/datasets.sh"
DATA="${1:-$(find_datasets)}/performance/flights_3m.csv.gz"
REPEAT="${REPEAT:-3}"
PY=/usr/bin/python3
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
[ -f "$DATA" ] || { echo "dataset not found: $DATA" >&2; exit 3; }

echo "building the command line jar ..." >&2
(cd "$ROOT" && ./mvnw -q -B -o -pl cli -am package -DskipTests) >&2
export MLSTEPS_JAR="$ROOT/cli/target/mlsteps.jar"

echo "splitting $DATA into Jan-Mar and Apr-Jun ..." >&2
zcat "$DATA" | awk -F, -v ref="$WORK/ref.csv" -v cur="$WORK/cur.csv" \
  'NR==1 {print > ref; print > cur; next} {if (substr($1,6,2) <= "03") print > ref; else print > cur}'

measure() { # label, command...: prints "label wall cpu rss_mb", and "scan-label seconds" for a profiling phase
  local label="$1"; shift
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/time.txt" "$@" > "$WORK/$label.out" 2> "$WORK/$label.err" || true
  sed -i '/exited with non-zero status/d' "$WORK/time.txt" # mlsteps exits 1 for UNSTABLE
  read -r wall user sys rss < "$WORK/time.txt"
  echo "$label $wall $(awk -v u="$user" -v s="$sys" 'BEGIN{print u+s}') $((rss / 1024))"
  local scan
  scan="$(cat "$WORK/$label.out" "$WORK/$label.err" | sed -n 's/.*(profiled in \([0-9.]*\)s).*/\1/p' | head -1)"
  [ -z "$scan" ] || echo "scan-$label $scan 0 0"
}

# mlsteps runs as users run it: bin/mlsteps drift, with the command's JVM options (bin/jvm-options.sh: C1 only
# and the serial collector for the data-scanning commands) and the launcher's class archive. Two variants:
# "default" = as shipped, charts on (a full checkDrift with charts, HTML report and JUnit file, which the peer
# does not produce); "no charts" = the same with --no-charts (only the tests and result files, like the peer).
# The launcher keeps a class data sharing archive per command, made by the first run of the command with a jar
# build; one untimed run per variant makes it (as a user's first run would), the timed runs use it.
# Not --quiet: the step's log says how long profiling took ("profiled in"), which the summary reports as well.
DEFAULT=(env MLSTEPS_CDS_DIR="$WORK/cds-default" "$ROOT/bin/mlsteps" drift)
NOCHARTS=(env MLSTEPS_CDS_DIR="$WORK/cds-nocharts" "$ROOT/bin/mlsteps" drift --no-charts)
echo "first run of each variant (makes the launcher's class archive; not timed) ..." >&2
"${DEFAULT[@]}" --no-reference-cache --reference "$WORK/ref.csv" --current "$WORK/cur.csv" --out "$WORK/warm" > /dev/null 2>&1 || true
"${NOCHARTS[@]}" --no-reference-cache --reference "$WORK/ref.csv" --current "$WORK/cur.csv" --out "$WORK/lwarm" > /dev/null 2>&1 || true
# The reference profile cache (on by default, in <work dir>/.mlsteps/cache): "first" runs pass
# --no-reference-cache, so the reference data is profiled every round as on a first run; "cached" is the same
# command as "first" with the cache, as a scheduled job runs it again. One untimed run fills the cache.
"${DEFAULT[@]}" --work-dir "$WORK" --reference "$WORK/ref.csv" --current "$WORK/cur.csv" --out "$WORK/cwarm" > /dev/null 2>&1 || true
: > "$WORK/results.txt"
for i in $(seq "$REPEAT"); do
  measure peer "$PY" "$ROOT/bench/scripts/drift_peer.py" "$WORK/ref.csv" "$WORK/cur.csv" >> "$WORK/results.txt"
  rm -rf "$WORK/first" "$WORK/second" "$WORK/lfirst" "$WORK/lsecond" "$WORK/cached"
  measure first "${DEFAULT[@]}" --no-reference-cache --reference "$WORK/ref.csv" --current "$WORK/cur.csv" --out "$WORK/first" >> "$WORK/results.txt"
  measure second "${DEFAULT[@]}" --reference-profile "$WORK/first/reference-profile.json" --current "$WORK/cur.csv" \
    --out "$WORK/second" >> "$WORK/results.txt"
  measure cached "${DEFAULT[@]}" --work-dir "$WORK" --reference "$WORK/ref.csv" --current "$WORK/cur.csv" --out "$WORK/cached" >> "$WORK/results.txt"
  grep -q "reference profile from the cache" "$WORK/cached.out" "$WORK/cached.err" || { echo "the cached run did not use the cache:" >&2; cat "$WORK/cached.out" "$WORK/cached.err" >&2; exit 1; }
  measure lfirst "${NOCHARTS[@]}" --no-reference-cache --reference "$WORK/ref.csv" --current "$WORK/cur.csv" --out "$WORK/lfirst" >> "$WORK/results.txt"
  measure lsecond "${NOCHARTS[@]}" --reference-profile "$WORK/lfirst/reference-profile.json" --current "$WORK/cur.csv" \
    --out "$WORK/lsecond" >> "$WORK/results.txt"
done

# the run on the saved profile must come to the same verdicts and the same current profile as the first
for v in "" l; do
  for f in drift.json current-profile.json; do
    cmp -s "$WORK/${v}first/$f" "$WORK/${v}second/$f" || { echo "DIFFERENT: ${v}first/$f vs ${v}second/$f" >&2; exit 1; }
  done
done
[ "$(ls "$WORK/first/charts")" = "$(ls "$WORK/second/charts")" ] || { echo "DIFFERENT charts" >&2; exit 1; }
cmp -s "$WORK/first/drift.json" "$WORK/cached/drift.json" || { echo "DIFFERENT: first/drift.json vs cached/drift.json" >&2; exit 1; }
echo "second and cached runs: same drift.json, current-profile.json and charts as the first runs"
echo "peer verdicts:    $(cut -c1-400 "$WORK/peer.out")"
echo "mlsteps verdicts: $("$PY" -c 'import json,sys; m=json.load(open(sys.argv[1]))["metrics"]; print({k: round(v, 4) for k, v in m.items() if k.split("[")[0] in ("drift_share", "drifted_columns", "wasserstein", "jensen_shannon")})' "$WORK/first/result.json")"
nproc | sed 's/^/cores: /'; uptime
"$PY" - "$WORK/results.txt" <<'PYEOF'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
med = {}
for label in ("peer", "first", "second", "cached", "lfirst", "lsecond"):
    r = [x for x in rows if x[0] == label]
    med[label] = [statistics.median(float(x[i]) for x in r) for i in (1, 2, 3)]
print(f"{'run (median of ' + str(len([x for x in rows if x[0] == 'peer'])) + ')':<46}{'wall s':>9}{'cpu s':>9}{'peak MB':>9}")
names = {"peer": "pandas + scipy (same tests, no charts)",
         "first": "mlsteps default: reference data",
         "second": "mlsteps default: saved reference profile",
         "cached": "mlsteps default: same command, cached profile",
         "lfirst": "mlsteps no charts: reference data",
         "lsecond": "mlsteps no charts: saved reference profile"}
for k in names:
    print(f"{names[k]:<46}{med[k][0]:>9.2f}{med[k][1]:>9.2f}{med[k][2]:>9.0f}")
for v, label in (("", "default"), ("l", "no charts")):
    f, s, p = med[v + "first"], med[v + "second"], med["peer"]
    print(f"{label:>9}: vs pandas+scipy {p[0] / f[0]:.2f}x wall, {p[1] / f[1]:.2f}x cpu; "
          f"second run vs first {f[0] / s[0]:.2f}x wall, {f[1] / s[1]:.2f}x cpu; "
          f"memory {f[2]:.0f} MB vs {p[2]:.0f} MB")
print(f"   cached: same command again, reference profile from the cache: {med['first'][0] / med['cached'][0]:.2f}x wall vs first, "
      f"{med['second'][0] / med['cached'][0]:.2f}x of the saved-profile run's speed")
# The profiling phase alone (the step's "profiled in": both files at once vs the current file plus the saved
# profile): the most the second run could gain if everything else in a run cost nothing.
scan = {k: statistics.median(float(x[1]) for x in rows if x[0] == "scan-" + k) for k in ("first", "second", "cached", "lfirst", "lsecond")
        if any(x[0] == "scan-" + k for x in rows)}
for v, label in (("", "default"), ("l", "no charts")):
    if v + "first" in scan and v + "second" in scan:
        f, s = scan[v + "first"], scan[v + "second"]
        print(f"{label:>9}: profiling phase {f:.2f} s (both files) vs {s:.2f} s (current + saved profile): {f / s:.2f}x; "
              f"rest of the run {med[v + 'first'][0] - f:.2f} s vs {med[v + 'second'][0] - s:.2f} s")
if "cached" in scan:
    print(f"   cached: profiling phase {scan['cached']:.2f} s, rest of the run {med['cached'][0] - scan['cached']:.2f} s")
PYEOF
