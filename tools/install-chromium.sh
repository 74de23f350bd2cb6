#!/bin/sh
# Installs Debian's Chromium (for the browser tests of `iopdocs serve`) and poppler-utils
# (pdftoppm, for the web preview's page images) when they are missing. Playwright drives
# this Chromium; it never downloads a browser of its own. Without them the browser tests
# are skipped, never failed.
set -e
if [ -x /usr/bin/chromium ] && command -v pdftoppm >/dev/null 2>&1; then
    exit 0
fi
exec sh "$(dirname "$0")/apt-install.sh" optional "Chromium eller pdftoppm" "webbläsartesterna" \
    chromium poppler-utils
