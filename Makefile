# Sổ tay Báo cáo viên — every target sets itself up on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CHROMIUM ?= /usr/bin/chromium
export NO_MKDOCS_2_WARNING := 1
export PYTHONPATH := $(CURDIR)

.PHONY: serve test build check bench bench-search bench-ack bench-weight bench-lighthouse bench-pwa chromium fonts lock clean offline

$(VENV)/.installed: requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

## make serve: the site on http://127.0.0.1:8000 with live reload
## (make serve HOST=0.0.0.0 PORT=8001 to listen elsewhere)
HOST ?= 127.0.0.1
PORT ?= 8000
serve: $(VENV)/.installed fonts
	$(PY) -m mkdocs serve --livereload --dev-addr $(HOST):$(PORT)

## make test: every test, browser tests included (installs Chromium with apt when root,
## axe-core and Lighthouse with npm ci for the accessibility gates)
test: $(VENV)/.installed node_modules/.installed chromium fonts
	$(PY) -m pytest

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

## make build: the strict build into site/ (fails on bad content)
build: $(VENV)/.installed fonts
	$(PY) -m mkdocs build --strict

## make offline: the site as dist/so-tay-offline.zip, to unzip and open from disk (file://),
## e.g. on a training-room laptop without internet: pages end in .html, and search works from disk
## with no server and no network (scripts/search/offline.py: the index as <script> files)
offline: $(VENV)/.installed fonts
	rm -rf dist/so-tay-offline dist/so-tay-offline.zip
	$(PY) -m mkdocs build --strict --no-directory-urls -d dist/so-tay-offline
	$(PY) -m scripts.search.offline dist/so-tay-offline
	cd dist && $(CURDIR)/$(PY) -m zipfile -c so-tay-offline.zip so-tay-offline
	@echo "✅ dist/so-tay-offline.zip: giải nén rồi mở so-tay-offline/index.html — unzip, open so-tay-offline/index.html"

## make check: the editors' content checks
check: $(VENV)/.installed
	$(PY) -m scripts check

## make bench: search, acknowledgement, page weight / build time and Lighthouse benchmarks,
## side by side with stock Material
bench: bench-search bench-ack bench-weight bench-lighthouse bench-offline bench-pwa
bench-pwa: $(VENV)/.installed chromium fonts
	$(PY) -m scripts bench pwa
bench-offline: $(VENV)/.installed chromium
	$(PY) -m scripts bench offline
bench-search: $(VENV)/.installed chromium
	$(PY) -m scripts bench search
bench-ack: $(VENV)/.installed
	$(PY) -m scripts bench ack
bench-weight: $(VENV)/.installed chromium
	$(PY) -m scripts bench weight
bench-lighthouse: $(VENV)/.installed node_modules/.installed chromium
	$(PY) -m scripts bench lighthouse

chromium:
	@if [ -x "$(CHROMIUM)" ]; then exit 0; fi; \
	if [ "$$(id -u)" = "0" ]; then \
	  echo "Installing Chromium for the browser tests (apt-get install chromium)…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
	  echo "Chromium is missing. Run: sudo apt-get install -y chromium"; exit 1; \
	fi

## the DejaVu fonts the link-preview cards are drawn with (scripts/render/cards.py)
DEJAVU ?= /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
fonts:
	@if [ -f "$(DEJAVU)" ]; then exit 0; fi; \
	if [ "$$(id -u)" = "0" ]; then \
	  echo "Installing the DejaVu fonts for the link previews (apt-get install fonts-dejavu-core)…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core >/dev/null; \
	else \
	  echo "The DejaVu fonts are missing. Run: sudo apt-get install -y fonts-dejavu-core"; exit 1; \
	fi

## make lock: re-pin requirements.txt from requirements.in
lock:
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements.in
	( echo "# Locked dependencies (pip freeze of requirements.in). Regenerate with: make lock"; $(PY) -m pip freeze ) > requirements.txt

clean:
	rm -rf site .pytest_cache .bench
