# The JVM options mlsteps starts a command with; sourced by bin/mlsteps (the benchmarks run that), and the rule
# the plugin applies too (io.mlsteps.jenkins.engine.JavaCommand).
#
# The data-scanning commands (profile, infer-schema, validate, drift; the steps validateData and checkDrift)
# are short processes whose CPU goes mostly to start-up and JIT warm-up: with the C1 compiler alone and the
# serial collector a 3M-row file takes about 20% less time and a third less CPU than with the JVM's defaults.
# On large inputs the optimising compiler pays off again (30M rows: the defaults are 1.3x faster; break-even
# around 7M rows, docs/bench/data.md), so inputs named on the command line that are larger than
# MLSTEPS_C1_MAX_MB (default 256 MB of text, gzip counted 4x) keep it. The model server (serve) runs with a
# heap limit (mlsteps_serve_heap below) instead of the JVM's default of a quarter of the machine's memory, which a
# long-running server grows into. The other commands (training, evaluation) keep the JVM's defaults.
# "$@": the command line; MLSTEPS_JAVA_OPTS: the user's options, which come last and win (a collector named
# there replaces the serial one, since the JVM refuses two).
mlsteps_jvm_options() {
  local command="${1:-}" step="${2:-}" user="${MLSTEPS_JAVA_OPTS:-}" options=""
  case "$command" in
    profile|infer-schema|validate|drift) options="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC" ;;
    step) case "$step" in validateData|checkDrift) options="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC" ;; esac ;;
    serve) options="$(mlsteps_serve_heap "$@")" ;;
  esac
  if [ -n "$options" ] && [ "$(mlsteps_input_mb "$@")" -gt "${MLSTEPS_C1_MAX_MB:-256}" ]; then
    options="-XX:+UseSerialGC"
  fi
  case "$user" in
    *-XX:+Use*GC*) options="${options/-XX:+UseSerialGC/}" ;;
  esac
  echo "$options $user"
}

# MB of text in the regular files named among the arguments (a gzip file counts 4x its size; folders: their files).
# The values of options that name where to work or write (--work-dir, --out, --run-dir, --output/-o,
# --save-reference-profile, --registry) are not inputs: a work folder holding big files must not count.
mlsteps_input_mb() {
  local total=0 a size f skip="" inputs=()
  for a in "$@"; do
    if [ -n "$skip" ]; then
      skip=""
      continue
    fi
    case "$a" in
      --work-dir | --out | --run-dir | --output | -o | --save-reference-profile | --registry) skip=1; continue ;;
      --work-dir=* | --out=* | --run-dir=* | --output=* | --save-reference-profile=* | --registry=*) continue ;;
    esac
    [ -e "$a" ] && inputs+=("$a")
  done
  # one find for all of them (each process started costs a step's start-up a millisecond or more)
  if [ "${#inputs[@]}" -gt 0 ]; then
    while IFS=' ' read -r -d '' size f; do
      case "$f" in *.gz) size=$((size * 4)) ;; esac
      total=$((total + size))
    done < <(find "${inputs[@]}" -maxdepth 1 -type f -printf '%s %p\0' 2>/dev/null)
  fi
  echo $((total >> 20))
}

# The model server's heap: -Xmx from `--heap SIZE` (e.g. 512m, 2g), else 256 MB plus 8 times the size of the model
# files named as `--model/--candidate NAME=FILE`, at least 512 MB (registry references and --config files are not
# sized here). A malformed --heap is left to the command, which refuses it with exit 3.
mlsteps_serve_heap() {
  local a next="" heap="" total=0 file
  for a in "$@"; do
    if [ -n "$next" ]; then
      case "$next" in
        heap) heap="$a" ;;
        model) file="${a#*=}"; [ "$file" != "$a" ] && [ -f "$file" ] && total=$((total + $(stat -c %s "$file" 2>/dev/null || echo 0))) ;;
      esac
      next=""
      continue
    fi
    case "$a" in
      --heap) next=heap ;;
      --heap=*) heap="${a#--heap=}" ;;
      --model | --candidate) next=model ;;
      --model=* | --candidate=*) file="${a#*=}"; file="${file#*=}"
        [ -f "$file" ] && total=$((total + $(stat -c %s "$file" 2>/dev/null || echo 0))) ;;
    esac
  done
  if [ -n "$heap" ]; then
    [[ "$heap" =~ ^[0-9]+[kKmMgG]?$ ]] && echo "-Xmx$heap"
    return 0
  fi
  local mb=$((256 + 8 * ((total + 1048575) >> 20)))
  [ "$mb" -lt 512 ] && mb=512
  echo "-Xmx${mb}m"
}
