#!/usr/bin/env bash
# Builds, once per machine, the local base images the container image (Dockerfile) is built from where no image
# registry is reachable: the runtime stage uses the deployment tests' base (docker-base-image.sh: Debian bookworm
# minbase + a jlink Java runtime); the build stage uses that base plus Debian's JDK 17 and Maven (made here).
# The images themselves are the cache: when they exist this returns at once. Prints the export lines.
set -euo pipefail
eval "$(bash "$(dirname "$0")/docker-base-image.sh")"
BUILD_IMAGE="${MLSTEPS_TEST_DOCKER_BUILD_IMAGE:-mlsteps-build-base:bookworm-jdk17}"
if ! docker image inspect "$BUILD_IMAGE" >/dev/null 2>&1; then
  start=$(date +%s)
  echo "ci: building docker base image $BUILD_IMAGE ($MLSTEPS_TEST_DOCKER_BASE_IMAGE + Debian's JDK 17 and Maven)" >&2
  # The build stage fetches Maven plugins and libraries over TLS: it trusts what this machine's Java trusts (a
  # network may re-sign TLS with its own authority, which the machine's trust store has and a fresh image lacks).
  JAVA_HOME_HOST="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
  WORK="$(mktemp -d /tmp/mlsteps-build-base.XXXXXX)"
  trap 'rm -rf "$WORK"' EXIT
  cp "$(readlink -f "$JAVA_HOME_HOST/lib/security/cacerts")" "$WORK/cacerts"
  cat > "$WORK/Dockerfile" <<'DOCKERFILE'
ARG BASE
FROM ${BASE}
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends default-jdk-headless maven \
    && rm -rf /var/lib/apt/lists/* && rm -f /usr/local/bin/java \
    && ln -s "$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")" /opt/jdk
COPY cacerts /tmp/cacerts
RUN cp /tmp/cacerts "$(readlink -f /opt/jdk/lib/security/cacerts)" && rm /tmp/cacerts
ENV JAVA_HOME=/opt/jdk \
    PATH=/opt/jdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
DOCKERFILE
  docker build --network host -t "$BUILD_IMAGE" --build-arg BASE="$MLSTEPS_TEST_DOCKER_BASE_IMAGE" "$WORK" >&2
  docker run --rm --network host "$BUILD_IMAGE" sh -c 'javac -version && mvn -v' >&2
  echo "ci: base image $BUILD_IMAGE built in $(( $(date +%s) - start ))s" >&2
fi
echo "export MLSTEPS_TEST_DOCKER_BASE_IMAGE=$MLSTEPS_TEST_DOCKER_BASE_IMAGE"
echo "export MLSTEPS_TEST_DOCKER_BUILD_IMAGE=$BUILD_IMAGE"
