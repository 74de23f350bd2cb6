#!/bin/sh
# Installs Debian's Chromium (for the browser tests of `iopdocs serve`) and poppler-utils
# (pdftoppm, for the web preview's page images) when they are missing. Playwright drives
# this Chromium; it never downloads a browser of its own.
set -e
if [ -x /usr/bin/chromium ] && command -v pdftoppm >/dev/null 2>&1; then
    exit 0
fi
PACKAGES="chromium poppler-utils"
if [ "$(id -u)" = "0" ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo"
else
    echo "Chromium eller pdftoppm saknas, och webbläsartesterna hoppas över. Installera som root:" >&2
    echo "  apt-get install $PACKAGES" >&2
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "Chromium saknas och apt-get finns inte; webbläsartesterna hoppas över." >&2
    echo "Installera paketen $PACKAGES (eller motsvarande) och kör make test igen." >&2
    exit 0
fi
echo "Installerar Chromium och pdftoppm ($PACKAGES) …"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $PACKAGES >/dev/null
