# Sổ tay Báo cáo viên — every target sets itself up on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
# the second and third engines, each in a venv of its own (see README, Build engines)
PROPERDOCS_VENV := .venv-properdocs
ZENSICAL_VENV := .venv-zensical
PY := $(VENV)/bin/python
CHROMIUM ?= /usr/bin/chromium
export NO_MKDOCS_2_WARNING := 1
export PYTHONPATH := $(CURDIR)

.PHONY: serve test lint test-fast test-zensical build build-properdocs build-zensical check bench bench-engines bench-search bench-ack bench-weight bench-lighthouse bench-pwa chromium fonts lock clean offline preview book release

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
test: $(VENV)/.installed node_modules/.installed chromium fonts $(PROPERDOCS_VENV)/.installed $(ZENSICAL_VENV)/.installed
	$(PY) -m pytest

## make lint: the linter, ruff (E,W,F,I,B,C4,UP), and the type checker, mypy (check_untyped_defs over
## scripts/, strict for scripts/model and scripts/checks), both configured in pyproject.toml
lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m mypy

## make test-fast: the tests that need neither a site build nor a browser (a few minutes)
test-fast: $(VENV)/.installed
	$(PY) -m pytest -m "not slow and not browser"

## make test-zensical: the site tests that need no browser, on the site the Zensical path builds
ZENSICAL_TESTS := tests/test_site.py tests/test_dashboard_site.py tests/test_trainers_site.py tests/test_legal_feeds.py \
  tests/test_gates.py::test_every_internal_link_and_anchor_resolves
test-zensical: $(VENV)/.installed $(ZENSICAL_VENV)/.installed
	HANDBOOK_ENGINE=zensical $(PY) -m pytest -m "not browser" $(ZENSICAL_TESTS)

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

## make build: the strict build into site/ (fails on bad content)
build: $(VENV)/.installed fonts
	$(PY) -m mkdocs build --strict

## make build-properdocs: the same site built by ProperDocs (the maintained fork of MkDocs 1.x),
## the drop-in path if MkDocs 1.6 stops working; tests/test_engines.py diffs it against MkDocs
$(PROPERDOCS_VENV)/.installed: requirements.txt requirements-properdocs.txt
	test -x $(PROPERDOCS_VENV)/bin/python || $(PYTHON) -m venv $(PROPERDOCS_VENV)
	$(PROPERDOCS_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-properdocs.txt
	grep -v '^mkdocs==' requirements.txt | $(PROPERDOCS_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -r /dev/stdin
	touch $@
build-properdocs: $(PROPERDOCS_VENV)/.installed
	DISABLE_MKDOCS_2_WARNING=true $(PROPERDOCS_VENV)/bin/properdocs build --strict -f mkdocs.yml -d site-properdocs

## make build-zensical: the site built by Zensical (which runs no hooks) through a staging
## step: the pipeline writes the finished Markdown to build/zensical/, zensical-i18n builds
## each language into site-zensical/, then the post-build steps (scripts/build/zensical_stage.py)
$(ZENSICAL_VENV)/.installed: requirements-zensical.txt
	test -x $(ZENSICAL_VENV)/bin/python || $(PYTHON) -m venv $(ZENSICAL_VENV)
	$(ZENSICAL_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-zensical.txt
	touch $@
build-zensical: $(VENV)/.installed $(ZENSICAL_VENV)/.installed
	$(PY) -m scripts.build.zensical_stage

## make offline: the site as dist/so-tay-offline.zip, to unzip and open from disk (file://),
## e.g. on a training-room laptop without internet: pages end in .html, and search works from disk
## with no server and no network (scripts/search/offline.py: the index as <script> files)
offline: $(VENV)/.installed fonts
	rm -rf dist/so-tay-offline dist/so-tay-offline.zip
	$(PY) -m mkdocs build --strict --no-directory-urls -d dist/so-tay-offline
	$(PY) -m scripts.search.offline dist/so-tay-offline
	cd dist && $(CURDIR)/$(PY) -m zipfile -c so-tay-offline.zip so-tay-offline
	@echo "✅ dist/so-tay-offline.zip: giải nén rồi mở so-tay-offline/index.html — unzip, open so-tay-offline/index.html"

## make preview: the pull request's preview, dist/preview/: the offline build (pages end in .html, search
## works from disk), opened with a double click on dist/preview/index.html, no server (what CI uploads)
PREVIEW_DIR ?= dist/preview
preview: $(VENV)/.installed
	rm -rf $(PREVIEW_DIR)
	$(PY) -m mkdocs build --strict --no-directory-urls -d $(PREVIEW_DIR)
	$(PY) -m scripts.search.offline $(PREVIEW_DIR)
	@echo "✅ $(PREVIEW_DIR)/index.html: mở bằng trình duyệt — open it in a browser"

## make book: the handbook as PDFs, one per language and edition (learners', instructor's with
## answers and notes), printed by Chromium from a fresh build (scripts/book): dist/books/*.pdf
BOOKS ?= dist/books
book: $(VENV)/.installed chromium fonts
	$(PY) -m mkdocs build --strict
	$(PY) -m scripts.book site $(BOOKS)

## make release: what the deploy workflow publishes (it sets SITE_URL and HANDBOOK_DEPLOY=true):
## the offline zip and the PDFs (printed from the offline copy: the same pages), then site/ with
## them in site/downloads/ and listed, with size and date, on the trainers' page (plans/)
release: $(VENV)/.installed chromium fonts
	rm -rf dist/downloads
	$(MAKE) offline
	$(PY) -m scripts.book dist/so-tay-offline dist/downloads
	cp dist/so-tay-offline.zip dist/downloads/
	HANDBOOK_DOWNLOADS=$(CURDIR)/dist/downloads $(PY) -m mkdocs build --strict
	@ls -l site/downloads

## make check: the editors' content checks. Its own summary line is the last line: on errors it exits 1
## only in CI (CI=true) or with STRICT=1, so an editor's terminal shows no `make: *** … Error 1` line
## (`python -m scripts check`, which pre-commit and the build use, always exits 1 on an error)
DOCS ?= docs
CONFIG ?= mkdocs.yml
CHECK_ARGS ?=
check: $(VENV)/.installed
	@$(PY) -m scripts check --docs $(DOCS) --config $(CONFIG) $(CHECK_ARGS) \
	  || { [ "$$CI" != "true" ] && [ -z "$(STRICT)" ]; }

## make bench: search, acknowledgement, page weight / build time and Lighthouse benchmarks,
## side by side with stock Material
bench: bench-search bench-ack bench-weight bench-lighthouse bench-offline bench-engines bench-pwa
bench-engines: $(VENV)/.installed chromium $(PROPERDOCS_VENV)/.installed $(ZENSICAL_VENV)/.installed
	$(PY) -m scripts bench engines
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

## the fonts the link-preview cards (scripts/render/cards.py) and the printed books (scripts/book) are drawn
## with: DejaVu and Liberation cover Vietnamese fully (Debian packages, no network)
DEJAVU ?= /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
fonts:
	@if [ -f "$(DEJAVU)" ] && fc-list 2>/dev/null | grep -q "DejaVu Serif" && fc-list | grep -q "Liberation Sans"; then exit 0; fi; \
	if [ "$$(id -u)" = "0" ]; then \
	  echo "Installing the DejaVu and Liberation fonts (link previews, printed book)…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core fonts-dejavu-extra fonts-liberation fontconfig >/dev/null; \
	else \
	  echo "Fonts are missing. Run: sudo apt-get install -y fonts-dejavu-core fonts-dejavu-extra fonts-liberation"; exit 1; \
	fi

## make lock: re-pin requirements.txt from requirements.in
lock:
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements.in
	( echo "# Locked dependencies (pip freeze of requirements.in). Regenerate with: make lock"; $(PY) -m pip freeze ) > requirements.txt

clean:
	rm -rf site .pytest_cache .bench dist
