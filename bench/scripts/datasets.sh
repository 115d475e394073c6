# Sourced by the benchmark scripts (after setting ROOT): find_datasets prints the datasets folder,
# $MLSTEPS_SHARED_DATASETS when set, else ../shared/datasets beside the checkout (or beside one of its parents),
# as the tests find it.
find_datasets() {
  if [ -n "${MLSTEPS_SHARED_DATASETS:-}" ] && [ -d "$MLSTEPS_SHARED_DATASETS" ]; then
    echo "$MLSTEPS_SHARED_DATASETS"
    return
  fi
  local dir="$ROOT"
  for _ in 1 2 3 4 5; do
    [ -d "$dir/../shared/datasets" ] && { (cd "$dir/../shared/datasets" && pwd); return; }
    dir="$(dirname "$dir")"
  done
  echo "$ROOT/../shared/datasets"
}
