# iopdocs: `make` sets everything up (LibreOffice included) and builds every case;
# `make test` runs the tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: all build setup libreoffice chromium test check bench clean

all: build

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

libreoffice:
	@sh tools/install-libreoffice.sh

chromium:
	@sh tools/install-chromium.sh

setup: $(STAMP) libreoffice

build: setup
	$(BIN)/iopdocs build --blank

test: setup chromium
	$(BIN)/pytest -q

check: $(STAMP)
	$(BIN)/iopdocs check

bench: setup
	$(BIN)/python tools/bench.py

clean:
	rm -rf build
