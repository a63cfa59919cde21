#!/usr/bin/env bash
# Installs Debian's chromium for the browser tests. Never downloads a browser
# build of its own: Playwright drives this one (/usr/bin/chromium).
set -euo pipefail
command -v chromium >/dev/null 2>&1 && exit 0
exec bash "$(dirname "$0")/apt-install.sh" chromium fonts-dejavu-core
