#!/bin/sh
# Installs Debian packages for `make` and `make test`, as root or through sudo.
#   sh tools/apt-install.sh required|optional "WHAT" "WITHOUT" PACKAGE...
# WHAT names the packages for the user ("LibreOffice"); WITHOUT says what is skipped
# when an optional install cannot be made ("webbläsartesterna"). A required install that
# cannot be made stops make with exit 1; an optional one says what is skipped and exits 0.
set -e
NEED="$1"; WHAT="$2"; WITHOUT="$3"; shift 3
PACKAGES="$*"
cannot() {
    echo "$WHAT saknas$1. Installera som root (eller motsvarande för ditt system):" >&2
    echo "  apt-get install $PACKAGES" >&2
    if [ "$NEED" = "required" ]; then exit 1; else exit 0; fi
}
if [ "$NEED" = "required" ]; then SKIP=""; else SKIP=", och $WITHOUT hoppas över"; fi
if [ "$(id -u)" = "0" ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && { [ "$NEED" = "required" ] || sudo -n true 2>/dev/null; }; then
    SUDO="sudo"  # a required install may ask for the password; an optional one never does
else
    cannot "$SKIP"
fi
command -v apt-get >/dev/null 2>&1 || cannot "$SKIP och apt-get finns inte"
echo "Installerar $WHAT ($PACKAGES) …"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $PACKAGES >/dev/null
