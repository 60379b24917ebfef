#!/usr/bin/env bash
# Install Debian's Chromium for the browser tests (tests/web/test_browser.py). Idempotent: does nothing when
# /usr/bin/chromium already exists. Playwright drives this binary; never run `playwright install`.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
    echo "chromium already installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
# a fresh container has empty package lists; refresh them only when chromium is not yet known
if ! apt-cache show chromium >/dev/null 2>&1; then
    $SUDO apt-get update
fi
$SUDO apt-get install -y --no-install-recommends chromium fonts-noto-core
/usr/bin/chromium --version
