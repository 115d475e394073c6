#!/usr/bin/env bash
# Starts, idempotently, the real services the tests use, bound to loopback only, and prints the
# environment variables that point the tests at them.
set -euo pipefail

# PostgreSQL (Debian's cluster 15/main), a test database and role.
if command -v pg_ctlcluster >/dev/null; then
  if ! pg_lsclusters -h 2>/dev/null | grep -q "^15 *main .*online"; then
    pg_ctlcluster 15 main start >&2
  fi
  for i in $(seq 1 30); do pg_isready -h 127.0.0.1 -q && break; sleep 1; done
  su postgres -c "psql -q -tAc \"SELECT 1 FROM pg_roles WHERE rolname='mlsteps'\"" | grep -q 1 ||
    su postgres -c "psql -q -c \"CREATE ROLE mlsteps LOGIN PASSWORD 'mlsteps' CREATEDB\"" >&2
  su postgres -c "psql -q -tAc \"SELECT 1 FROM pg_database WHERE datname='mlsteps_test'\"" | grep -q 1 ||
    su postgres -c "psql -q -c \"CREATE DATABASE mlsteps_test OWNER mlsteps\"" >&2
  echo "export MLSTEPS_TEST_PG_URL='jdbc:postgresql://127.0.0.1:5432/mlsteps_test?user=mlsteps&password=mlsteps'"
fi

# Docker engine: no registry is reachable, so no bridge or iptables; containers use --network host.
if command -v dockerd >/dev/null; then
  if ! docker info >/dev/null 2>&1; then
    mkdir -p /var/log
    nohup dockerd --iptables=false --bridge=none --host unix:///var/run/docker.sock >/var/log/mlsteps-dockerd.log 2>&1 &
    for i in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  fi
  if docker info >/dev/null 2>&1; then
    echo "export MLSTEPS_TEST_DOCKER=1"
    # The docker deployment tests need a base image with Java, and the container image's test (DockerImageIT)
    # a build base with a JDK and Maven; no registry is reachable, so they are built locally once per machine
    # (debootstrap + jlink, then apt-get: a few minutes) and reused afterwards.
    bash "$(dirname "$0")/docker-release-bases.sh"
  fi
fi
exit 0
