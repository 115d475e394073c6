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
  docker build --network host -t "$BUILD_IMAGE" --build-arg BASE="$MLSTEPS_TEST_DOCKER_BASE_IMAGE" - >&2 <<'DOCKERFILE'
ARG BASE
FROM ${BASE}
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends default-jdk-headless maven \
    && rm -rf /var/lib/apt/lists/* && rm -f /usr/local/bin/java
ENV JAVA_HOME=/usr/lib/jvm/default-java \
    PATH=/usr/lib/jvm/default-java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
DOCKERFILE
  docker run --rm --network host "$BUILD_IMAGE" sh -c 'javac -version && mvn -v | head -1' >&2
  echo "ci: base image $BUILD_IMAGE built in $(( $(date +%s) - start ))s" >&2
fi
echo "export MLSTEPS_TEST_DOCKER_BASE_IMAGE=$MLSTEPS_TEST_DOCKER_BASE_IMAGE"
echo "export MLSTEPS_TEST_DOCKER_BUILD_IMAGE=$BUILD_IMAGE"
