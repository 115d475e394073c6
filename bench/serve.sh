#!/usr/bin/env bash
# Model server throughput and latency on loopback, measured with wrk (Debian package `wrk`):
#   1. `mlsteps serve` with the adult logistic regression model (trained here by `mlsteps train`), one row
#      per request, the prediction log off;
#   1b. the same with 10-row batch requests (predictions/s = 10 x requests/s);
#   1c. 1 and 1b again with the prediction log on (what deployModel runs by default), then the log's rows
#      (plus the rows its gap lines say were dropped) against the rows the server predicted (/metrics): the log
#      must keep up, rows logged / rows served = 1;
#   2. the ceiling: a hello-world handler on the same server stack (Undertow, same threads, same body
#      handling) answering a constant prediction.
# Both run in the same invocation, one after the other, with the same wrk settings; the script prints
# predictions/s, p50 and p99 latency of each and the ratio.
# Usage: bench/serve.sh [DURATION (default 20s)] [CONNECTIONS (default 32)]
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$ROOT"
DURATION="${1:-20s}"
CONNECTIONS="${2:-32}"
THREADS="${WRK_THREADS:-2}"
DATASETS="${MLSTEPS_SHARED_DATASETS:-$ROOT/../shared/datasets}"
DATA="$DATASETS/adult/adult_train.csv"
command -v wrk >/dev/null || { echo "serve.sh: wrk is not installed (apt-get install wrk)" >&2; exit 3; }
[ -f "$DATA" ] || { echo "serve.sh: $DATA not found (set MLSTEPS_SHARED_DATASETS)" >&2; exit 3; }

"$ROOT/mvnw" -q -B -pl cli,bench -am package -DskipTests >&2
JAR="$ROOT/cli/target/mlsteps.jar"
WORK="$(mktemp -d /tmp/mlsteps-bench-serve.XXXXXX)"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

java -jar "$JAR" train --data "$DATA" --label-column income --algorithm logistic_regression --out "$WORK/train" --quiet >&2
MODEL="$WORK/train/model.tribuo"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_ready() { for _ in $(seq 1 120); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.5; done; echo "not ready: $1" >&2; exit 4; }

cat > "$WORK/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"inputs": {"age": 39, "workclass": "State-gov", "fnlwgt": 77516, "education": "Bachelors", "education_num": 13, "marital_status": "Never-married", "occupation": "Adm-clerical", "relationship": "Not-in-family", "race": "White", "sex": "Male", "capital_gain": 2174, "capital_loss": 0, "hours_per_week": 40, "native_country": "United-States"}}'
LUA

# the same row ten times as one batch request
python3 - "$WORK/post.lua" "$WORK/batch.lua" <<'PY'
import sys, re
body = re.search(r"wrk.body = '(.*)'", open(sys.argv[1]).read()).group(1)
row = body[len('{"inputs": '):-1]
open(sys.argv[2], "w").write(open(sys.argv[1]).read().replace(body, '{"inputs": [' + ", ".join([row] * 10) + ']}'))
PY

measure() {  # name url [script] -> "name rps p50 p99 non2xx"
  local name="$1" url="$2" script="${3:-$WORK/post.lua}"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d10s -s "$script" "$url" >/dev/null   # warm-up (JIT)
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$script" "$url" > "$WORK/$name.txt"
  local rps p50 p99 non2xx
  rps=$(awk '/^Requests\/sec/ {print $2}' "$WORK/$name.txt")
  p50=$(awk '$1=="50%" {print $2}' "$WORK/$name.txt")
  p99=$(awk '$1=="99%" {print $2}' "$WORK/$name.txt")
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$WORK/$name.txt")
  echo "$name $rps $p50 $p99 ${non2xx:-0}"
}

P1=$(free_port)
java -Xmx512m -jar "$JAR" serve --model "adult=$MODEL" --port "$P1" > "$WORK/serve.log" 2>&1 &
PIDS+=($!)
wait_ready "http://127.0.0.1:$P1/ready"
curl -fs -XPOST -H 'Content-Type: application/json' --data "$(sed -n "s/^wrk.body = '\(.*\)'$/\1/p" "$WORK/post.lua")" \
  "http://127.0.0.1:$P1/v1/models/adult/predict" >&2; echo >&2
MODEL_LINE=$(measure model "http://127.0.0.1:$P1/v1/models/adult/predict")
BATCH_LINE=$(measure batch "http://127.0.0.1:$P1/v1/models/adult/predict" "$WORK/batch.lua")
kill "${PIDS[0]}"; wait "${PIDS[0]}" 2>/dev/null || true

# the same with the prediction log on (no rotation during the run, so every line stays countable)
P3=$(free_port)
LOG="$WORK/predictions.jsonl"
java -Xmx512m -jar "$JAR" serve --model "adult=$MODEL" --port "$P3" --prediction-log "$LOG" \
  --prediction-log-max-bytes 100000000000 > "$WORK/serve-log.log" 2>&1 &
PIDS+=($!)
wait_ready "http://127.0.0.1:$P3/ready"
LOG_MODEL_LINE=$(measure model-log "http://127.0.0.1:$P3/v1/models/adult/predict")
LOG_BATCH_LINE=$(measure batch-log "http://127.0.0.1:$P3/v1/models/adult/predict" "$WORK/batch.lua")
SERVED=$(curl -fs "http://127.0.0.1:$P3/metrics" | awk '/^mlsteps_predictions_total\{/ {s += $2} END {printf "%d", s}')
kill "${PIDS[1]}"; wait "${PIDS[1]}" 2>/dev/null || true   # the shutdown hook writes what is queued
LOGGED=$(grep -c '"inputs"' "$LOG" || true)
DROPPED=$({ grep -v '"inputs"' "$LOG" || true; } | python3 -c 'import sys, json; print(sum(json.loads(l)["dropped"] for l in sys.stdin if l.strip()))')
LOG_MB=$(( $(stat -c %s "$LOG") >> 20 ))

P2=$(free_port)
java -Xmx512m -cp "$JAR:$ROOT/bench/target/classes" io.mlsteps.bench.HelloServer "$P2" > "$WORK/hello.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 120); do curl -fs -XPOST -d '{}' "http://127.0.0.1:$P2/v1/models/hello/predict" >/dev/null 2>&1 && break; sleep 0.5; done
HELLO_LINE=$(measure hello "http://127.0.0.1:$P2/v1/models/hello/predict")

echo
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION on loopback, $(nproc) cores"
printf '%-28s %14s %10s %10s %8s\n' "server" "requests/s" "p50" "p99" "non-2xx"
read -r _ r1 a1 b1 n1 <<<"$MODEL_LINE"
read -r _ r2 a2 b2 n2 <<<"$HELLO_LINE"
printf '%-28s %14s %10s %10s %8s\n' "mlsteps serve (adult, 1 row)" "$r1" "$a1" "$b1" "$n1"
printf '%-28s %14s %10s %10s %8s\n' "hello world (same stack)" "$r2" "$a2" "$b2" "$n2"
read -r _ r3 a3 b3 n3 <<<"$BATCH_LINE"
printf '%-28s %14s %10s %10s %8s\n' "mlsteps serve (10-row batch)" "$r3" "$a3" "$b3" "$n3"
read -r _ r4 a4 b4 n4 <<<"$LOG_MODEL_LINE"
printf '%-28s %14s %10s %10s %8s\n' "  with prediction log, 1 row" "$r4" "$a4" "$b4" "$n4"
read -r _ r5 a5 b5 n5 <<<"$LOG_BATCH_LINE"
printf '%-28s %14s %10s %10s %8s\n' "  with prediction log, batch" "$r5" "$a5" "$b5" "$n5"
python3 -c "print('predictions/s: %.0f single-row, %.0f in 10-row batches; single-row / ceiling: %.2f' % ($r1, 10 * $r3, $r1 / $r2))"
python3 -c "print('with the prediction log: %.0f single-row, %.0f in 10-row batches (%.2f and %.2f of the runs without it)' % ($r4, 10 * $r5, $r4 / $r1, $r5 / $r3))"
python3 -c "print('prediction log: %d rows logged / %d rows served = %.4f; %d rows dropped (gap lines); %d MB written' % ($LOGGED, $SERVED, $LOGGED / max(1, $SERVED), $DROPPED, $LOG_MB))"
echo "load average during the run: $(cut -d' ' -f1-3 /proc/loadavg)"
