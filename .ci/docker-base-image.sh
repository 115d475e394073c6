#!/usr/bin/env bash
# Builds, once per machine, the local base image that the docker deployment tests use:
# Debian bookworm (debootstrap --variant=minbase from the machine's Debian mirror) plus a Java runtime
# made with jlink from this machine's JDK. No image registry is needed. The image itself is the cache:
# when it exists this script returns at once. Prints `export MLSTEPS_TEST_DOCKER_BASE_IMAGE=...`.
# Users deploy on their own base image (any image with `java` 17+ on the PATH).
set -euo pipefail
IMAGE="${MLSTEPS_TEST_DOCKER_BASE_IMAGE:-mlsteps-test-base:bookworm-jre17}"
if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  echo "export MLSTEPS_TEST_DOCKER_BASE_IMAGE=$IMAGE"
  exit 0
fi
start=$(date +%s)
# The Debian mirror apt already uses on this machine (deb822 or one-line sources);
# MLSTEPS_DEBIAN_MIRROR overrides it.
MIRROR="${MLSTEPS_DEBIAN_MIRROR:-$(grep -rhoE '^(URIs:|deb) +https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list \
  /etc/apt/sources.list.d/ 2>/dev/null | head -1 | awk '{print $2}' || true)}"
if [ -z "$MIRROR" ]; then
  echo "ci: no Debian mirror found in /etc/apt/sources.list*; set MLSTEPS_DEBIAN_MIRROR to build the base image" >&2
  exit 1
fi
JAVA_HOME_HOST="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
WORK="$(mktemp -d /tmp/mlsteps-base.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
echo "ci: building docker base image $IMAGE (debootstrap minbase from $MIRROR + jlink runtime)" >&2
debootstrap --variant=minbase bookworm "$WORK/rootfs" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 || {
  tail -20 "$WORK/debootstrap.log" >&2; exit 1; }
# A runtime with every Java SE module plus the JDK modules that server libraries use (Unsafe, EC crypto).
"$JAVA_HOME_HOST/bin/jlink" --add-modules java.se,jdk.unsupported,jdk.crypto.ec,jdk.zipfs,jdk.management \
  --strip-debug --no-header-files --no-man-pages --compress=2 --output "$WORK/rootfs/opt/java" >&2
ln -s /opt/java/bin/java "$WORK/rootfs/usr/local/bin/java"
rm -rf "$WORK/rootfs/var/cache/apt/archives/"*.deb "$WORK/rootfs/var/lib/apt/lists/"*
tar -C "$WORK/rootfs" -c . | docker import \
  --change 'ENV JAVA_HOME=/opt/java' --change 'ENV PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  - "$IMAGE" >/dev/null
docker run --rm --network host "$IMAGE" java -version >&2
echo "ci: base image $IMAGE built in $(( $(date +%s) - start ))s" >&2
echo "export MLSTEPS_TEST_DOCKER_BASE_IMAGE=$IMAGE"
