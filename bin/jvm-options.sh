# The JVM options mlsteps starts a command with; sourced by bin/mlsteps and the benchmarks, so both run the
# engine the same way. The plugin applies the same rule (io.mlsteps.jenkins.engine.JavaCommand).
#
# The data-scanning commands (profile, infer-schema, validate, drift; the steps validateData and checkDrift)
# are short processes whose CPU goes mostly to start-up and JIT warm-up: the C1 compiler alone and the serial
# collector use about half the CPU of the JVM's defaults on a 3M-row file and break even around 30M rows
# (docs/bench/data.md). The other commands (training, evaluation, the model server) keep the defaults: they
# run long enough for the optimising compiler to pay off.
# $1: the command (or "step" with the step name in $2); MLSTEPS_JAVA_OPTS: the user's options, which win
# (a collector the user selects replaces the serial one, since the JVM refuses two).
mlsteps_jvm_options() {
  local command="${1:-}" step="${2:-}" user="${MLSTEPS_JAVA_OPTS:-}" options=""
  case "$command" in
    profile|infer-schema|validate|drift) options="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC" ;;
    step) case "$step" in validateData|checkDrift) options="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC" ;; esac ;;
  esac
  case "$user" in
    *-XX:+Use*GC*) options="${options/-XX:+UseSerialGC/}" ;;
  esac
  echo "$options $user"
}
