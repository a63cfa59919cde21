#!/usr/bin/env bash
# Installs Debian's chromium for the browser tests. Never downloads a browser
# build of its own: Playwright drives this one (/usr/bin/chromium).
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "The browser tests need Debian's chromium: run 'apt-get install chromium' as root." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core
