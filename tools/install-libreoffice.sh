#!/bin/sh
# Installs LibreOffice (Writer, no GUI), the Liberation fonts, LibreOffice's Python
# bridge (python3-uno, for the warm engine of `iopdocs watch` and build) and pdftoppm
# (poppler-utils, for the page images of `iopdocs serve`'s preview) when missing.
set -e
if command -v soffice >/dev/null 2>&1 && fc-list 2>/dev/null | grep -q "Liberation Sans" \
    && /usr/bin/python3 -c "import uno" >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1; then
    exit 0
fi
exec sh "$(dirname "$0")/apt-install.sh" required "LibreOffice" "" \
    libreoffice-writer-nogui fonts-liberation python3-uno poppler-utils
