#!/usr/bin/env bash
# Installs, idempotently, what a fresh machine lacks for the tests: Java 17 and a Maven to bootstrap ./mvnw, git and unzip
# (the release tests), the scikit-learn/scipy/pandas oracles
# (Debian's, for /usr/bin/python3), PostgreSQL, a Docker engine with debootstrap, and Chromium.
set -euo pipefail
need=()
for pkg in openjdk-17-jdk-headless maven curl git unzip python3-numpy python3-scipy python3-pandas python3-sklearn postgresql docker.io debootstrap chromium; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
if [ "${#need[@]}" -gt 0 ]; then
  echo "ci: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
