#!/usr/bin/env bash
# Drift benchmark: checkDrift against a pandas + scipy script running the same tests, side by side, in two cases
# on ../shared/datasets/performance/flights_3m.csv.gz (split once into CSV files, not timed):
#   halves      reference = the first three months, current = the last three (equal halves);
#   monitoring  reference = the first five months (the training data, about 2.5M rows), current = one week of
#               June (1-7), as a scheduled monitoring job runs it: its first run profiles both, every later run
#               takes the reference profile from the cache (the same command again) or a saved profile.
# mlsteps runs through bin/mlsteps, as users run it. Each tool runs as its own process; wall time, CPU time and
# peak memory (max RSS) come from GNU time. Runs REPEAT times (default 3): every round's rows, then medians, the
# ratios and the issue's targets; the load average before and after. MLSTEPS_CDS=off measures without the
# launcher's class archive; CASES="monitoring" (or "halves") runs one case.
#   bench/drift.sh [DATASETS_DIR]      (default ../shared/datasets beside the checkout)
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
. "$ROOT/bench/scripts/datasets.sh"
DATA="${1:-$(find_datasets)}/performance/flights_3m.csv.gz"
REPEAT="${REPEAT:-3}"
CASES="${CASES:-halves monitoring}"
PY=/usr/bin/python3
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
[ -f "$DATA" ] || { echo "dataset not found: $DATA" >&2; exit 3; }

if [ "${SKIP_BUILD:-0}" != 1 ]; then # SKIP_BUILD=1: the jar is up to date
  echo "building the command line jar ..." >&2
  (cd "$ROOT" && ./mvnw -q -B -o -pl cli -am package -DskipTests) >&2
fi
export MLSTEPS_JAR="$ROOT/cli/target/mlsteps.jar"

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "splitting $DATA into Jan-Mar / Apr-Jun and Jan-May / June 1-7 ..." >&2
zcat "$DATA" | awk -F, -v ref="$WORK/ref.csv" -v cur="$WORK/cur.csv" -v mref="$WORK/ref5.csv" -v week="$WORK/week.csv" \
  'NR==1 {print > ref; print > cur; print > mref; print > week; next}
   {m = substr($1,6,2); if (m <= "03") print > ref; else print > cur
    if (m <= "05") print > mref; else if (m == "06" && substr($1,9,2) <= "07") print > week}'

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
if [[ " $CASES " == *" halves "* ]]; then
echo "== case halves: Jan-Mar against Apr-Jun =="
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
fi

# The monitoring case: a months-long reference profiled once, a week checked against it at every run.
#   first   the job's first run: the cache is empty, so both files are profiled (and the reference profile is
#           stored in the cache), charts on, as shipped;
#   later   the same command again: the reference profile from the cache, the week profiled;
#   saved   the same with referenceProfile (--reference-profile, the first run's saved profile) instead of the cache;
#   later-nocharts  "later" with --no-charts: what the charts cost a later run;
#   floor   the same command line stopped at the step's first input check (a current file that does not exist,
#           exit 3): JVM start-up with the class archive, the command line, the step up to reading data; no run
#           of the command can be faster.
if [[ " $CASES " == *" monitoring "* ]]; then
echo "== case monitoring: Jan-May (reference) against June 1-7 (current) =="
echo "reference: $(($(wc -l < "$WORK/ref5.csv") - 1)) rows, current: $(($(wc -l < "$WORK/week.csv") - 1)) rows"
MON=(--work-dir "$WORK/mjob" --reference "$WORK/ref5.csv" --current "$WORK/week.csv")
# the launcher's class archive of the command (untimed), as a user's first run makes it
"${DEFAULT[@]}" "${MON[@]}" --out "$WORK/mwarm" > /dev/null 2>&1 || true
"${NOCHARTS[@]}" "${MON[@]}" --out "$WORK/mwarm2" > /dev/null 2>&1 || true
: > "$WORK/mresults.txt"
for i in $(seq "$REPEAT"); do
  rm -rf "$WORK/mjob" "$WORK/mfirst" "$WORK/mlater" "$WORK/msaved" "$WORK/mlnc"
  mkdir -p "$WORK/mjob"
  measure peer "$PY" "$ROOT/bench/scripts/drift_peer.py" "$WORK/ref5.csv" "$WORK/week.csv" >> "$WORK/mresults.txt"
  measure first "${DEFAULT[@]}" "${MON[@]}" --out "$WORK/mfirst" >> "$WORK/mresults.txt"
  measure later "${DEFAULT[@]}" "${MON[@]}" --out "$WORK/mlater" >> "$WORK/mresults.txt"
  grep -q "reference profile from the cache" "$WORK/later.out" "$WORK/later.err" || { echo "the later run did not use the cache:" >&2; cat "$WORK/later.out" "$WORK/later.err" >&2; exit 1; }
  measure saved "${DEFAULT[@]}" --reference-profile "$WORK/mfirst/reference-profile.json" --current "$WORK/week.csv" --out "$WORK/msaved" >> "$WORK/mresults.txt"
  measure later-nocharts "${NOCHARTS[@]}" "${MON[@]}" --out "$WORK/mlnc" >> "$WORK/mresults.txt"
  measure floor "${NOCHARTS[@]}" --work-dir "$WORK/mjob" --reference "$WORK/ref5.csv" --current "$WORK/no-such-week.csv" \
    --out "$WORK/mfloor" >> "$WORK/mresults.txt"
  grep -q "not found" "$WORK/floor.err" "$WORK/floor.out" || { echo "the floor run did not stop at its input check:" >&2; cat "$WORK/floor.err" >&2; exit 1; }
done
# What a process kept warm between runs would take (no such mode ships; docs/bench/drift.md): the later run's
# command line 6 times in one JVM with the command's JVM options; runs 3-6 are counted (runs 1-2 warm it up).
# shellcheck source=../bin/jvm-options.sh
. "$ROOT/bin/jvm-options.sh"
read -r -a WARM_OPTS <<< "$(mlsteps_jvm_options drift "${MON[@]}")"
java ${WARM_OPTS[@]+"${WARM_OPTS[@]}"} -cp "$MLSTEPS_JAR" "$ROOT/bench/scripts/WarmRuns.java" 6 drift "${MON[@]}" \
  --out "$WORK/mwarmjvm" > /dev/null 2> "$WORK/warm.err" || true
awk '$1 == "warm-run" && $2 >= 3 {print "warm", $4, 0, 0}' "$WORK/warm.err" >> "$WORK/mresults.txt"
grep -q "^warm-run 6 [01] " "$WORK/warm.err" || { echo "the warm runs failed:" >&2; cat "$WORK/warm.err" >&2; exit 1; }
for f in drift.json current-profile.json; do
  for r in mlater msaved; do
    cmp -s "$WORK/mfirst/$f" "$WORK/$r/$f" || { echo "DIFFERENT: mfirst/$f vs $r/$f" >&2; exit 1; }
  done
done
[ "$(ls "$WORK/mfirst/charts")" = "$(ls "$WORK/mlater/charts")" ] || { echo "DIFFERENT charts" >&2; exit 1; }
echo "later and saved-profile runs: same drift.json and current-profile.json as the first run, same charts"
echo "peer verdicts:    $(cut -c1-400 "$WORK/peer.out")"
echo "mlsteps verdicts: $("$PY" -c 'import json,sys; m=json.load(open(sys.argv[1]))["metrics"]; print({k: round(v, 4) for k, v in m.items() if k.split("[")[0] in ("drift_share", "drifted_columns", "wasserstein", "jensen_shannon")})' "$WORK/mfirst/result.json")"
"$PY" - "$WORK/mresults.txt" <<'PYEOF'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
names = {"peer": "pandas + scipy (same tests, no charts)",
         "first": "mlsteps first run (profiles both files)",
         "later": "mlsteps later run (cached reference profile)",
         "saved": "mlsteps later run (--reference-profile)",
         "later-nocharts": "mlsteps later run, --no-charts",
         "floor": "start-up floor (stops at its input check)",
         "warm": "later run, JVM kept warm (wall only; not shipped)"}
print("every round (wall s, cpu s, peak MB):")
for k in names:
    print(f"  {k:<15}" + "  ".join(f"{float(x[1]):5.2f} {float(x[2]):5.2f} {int(x[3]):4d}" for x in rows if x[0] == k))
med = {k: [statistics.median(float(x[i]) for x in rows if x[0] == k) for i in (1, 2, 3)] for k in names}
n = len([x for x in rows if x[0] == "peer"])
print(f"{'run (median of ' + str(n) + ')':<46}{'wall s':>9}{'cpu s':>9}{'peak MB':>9}")
for k in names:
    print(f"{names[k]:<46}{med[k][0]:>9.2f}{med[k][1]:>9.2f}{med[k][2]:>9.0f}")
scan = {k: statistics.median(float(x[1]) for x in rows if x[0] == "scan-" + k) for k in names
        if any(x[0] == "scan-" + k for x in rows)}
p, f, l, s = med["peer"], med["first"], med["later"], med["saved"]
def target(name, value, goal, more=True):
    met = value >= goal if more else value < goal
    print(f"  {name:<58}{value:7.2f}{'x' if more else ' MB'}  target {'>=' if more else '<'} {goal:g}: {'met' if met else 'MISSED'}")
print("targets (issue 20, medians):")
target("later run vs first run, wall", f[0] / l[0], 3)
target("later run (--reference-profile) vs first run, wall", f[0] / s[0], 3)
target("later run vs pandas + scipy, wall", p[0] / l[0], 10)
target("first run vs pandas + scipy, wall", p[0] / f[0], 4)
target("peak RSS of a later run", l[2], 150, more=False)
w = med["warm"]
print(f"  a process kept warm between runs (runs 3-6 of one JVM, not shipped): later run {w[0]:.2f} s, "
      f"{f[0] / w[0]:.2f}x faster than the first run, {p[0] / w[0]:.2f}x faster than the script")
print(f"  (by CPU time: later vs first {f[1] / l[1]:.2f}x, later vs peer {p[1] / l[1]:.2f}x, first vs peer {p[1] / f[1]:.2f}x)")
fl = med["floor"]
print(f"  bound: 3x needs a later run of at most {f[0] / 3:.2f} s wall; start-up to the first input check alone takes "
      f"{fl[0]:.2f} s wall ({fl[1]:.2f} s CPU), the charts {l[0] - med['later-nocharts'][0]:.2f} s wall "
      f"({l[1] - med['later-nocharts'][1]:.2f} s CPU)")
for k in ("first", "later", "saved", "later-nocharts"):
    if k in scan:
        print(f"  {k:<15} profiling phase {scan[k]:.2f} s, rest of the run {med[k][0] - scan[k]:.2f} s")
PYEOF
fi
echo "load average before: $LOAD_BEFORE; after: $(cut -d' ' -f1-3 /proc/loadavg); cores: $(nproc)"
