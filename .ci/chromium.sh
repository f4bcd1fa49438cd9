#!/usr/bin/env bash
# Installs headless Chromium for the dashboard's browser tests (tests/dashboard, marker `browser`): Debian's
# chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver). Never downloads a browser build of
# its own. Idempotent: does nothing when both are there. Starts no process, so nothing can hold the caller's
# pipes open; apt-get reads no input.
set -euo pipefail

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  echo "chromium.sh: chromium and chromedriver present" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "chromium.sh: installing Debian's chromium and chromium-driver" >&2
$SUDO apt-get update -qq </dev/null >&2
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver \
  </dev/null >&2
test -x /usr/bin/chromium && test -x /usr/bin/chromedriver
echo "chromium.sh: $(/usr/bin/chromedriver --version </dev/null 2>/dev/null | head -n1)" >&2
