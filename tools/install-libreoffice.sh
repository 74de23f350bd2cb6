#!/bin/sh
# Installs LibreOffice (Writer, no GUI), the Liberation fonts, LibreOffice's Python
# bridge (python3-uno, for the warm engine of `iopdocs watch` and build) and pdftoppm
# (poppler-utils, for the page images of `iopdocs serve`'s preview) when missing.
set -e
if command -v soffice >/dev/null 2>&1 && fc-list 2>/dev/null | grep -q "Liberation Sans" \
    && /usr/bin/python3 -c "import uno" >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1; then
    exit 0
fi
PACKAGES="libreoffice-writer-nogui fonts-liberation python3-uno poppler-utils"
if [ "$(id -u)" = "0" ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "LibreOffice saknas. Installera det som root:" >&2
    echo "  apt-get install $PACKAGES" >&2
    exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "LibreOffice saknas och apt-get finns inte. Installera paketen $PACKAGES" >&2
    echo "(eller motsvarande för ditt system) och kör make igen." >&2
    exit 1
fi
echo "Installerar LibreOffice ($PACKAGES) …"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $PACKAGES >/dev/null
