#!/usr/bin/env bash
# Installs Debian's PostgreSQL server binaries for the PostgreSQL tests
# (TESTIMONY_TEST_POSTGRES=1). The tests make, start and stop their own
# cluster with initdb and pg_ctl; the package's own cluster is not used.
set -euo pipefail
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "The PostgreSQL tests need Debian's postgresql: run 'apt-get install postgresql' as root." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends postgresql
