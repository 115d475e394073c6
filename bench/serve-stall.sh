#!/usr/bin/env bash
# Hunts the stalled request of the model server (a request that gets no answer at all; CI's smoke:unanswered):
# io.mlsteps.bench.StallHunt sends small requests from 8 client threads over kept-alive connections for MINUTES
# (default 5) and stops at the first request unanswered for 2.5 s, printing the kernel's view of the connections.
# Exit 0: no stall. The stall needs CPU contention: run it while the machine is busy, and note `uptime`.
# Usage: bench/serve-stall.sh [MINUTES]
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$ROOT"
"$ROOT/mvnw" -q -B -pl cli,bench -am package -DskipTests >&2
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
set +e
java -cp "$ROOT/cli/target/mlsteps.jar:$ROOT/bench/target/classes" io.mlsteps.bench.StallHunt "${1:-5}" 2>/dev/null
status=$?
set -e
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
exit $status
