#!/usr/bin/env bash
# Install Debian's Chromium and an Arabic font (Noto Naskh Arabic, in fonts-noto-core) for the browser tests
# (tests/web/test_browser.py). Idempotent: does nothing when both are installed. Playwright drives
# /usr/bin/chromium; never run `playwright install` (it downloads a browser build, which is not allowed here).
set -euo pipefail

if [ -x /usr/bin/chromium ] && dpkg -s fonts-noto-core >/dev/null 2>&1; then
    echo "chromium already installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
# a fresh container has empty package lists; refresh them only when the packages are not yet known
if ! apt-cache show chromium fonts-noto-core >/dev/null 2>&1; then
    $SUDO apt-get update
fi
$SUDO apt-get install -y --no-install-recommends chromium fonts-noto-core
/usr/bin/chromium --version
