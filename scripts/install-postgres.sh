#!/usr/bin/env bash
# Installs Debian's PostgreSQL server binaries for the PostgreSQL tests
# (TESTIMONY_TEST_POSTGRES=1). The tests make, start and stop their own
# cluster with initdb and pg_ctl; the package's own cluster is not used.
set -euo pipefail
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && exit 0
exec bash "$(dirname "$0")/apt-install.sh" postgresql
