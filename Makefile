# Two commands on a fresh machine: `make demo` (the main job) and `make test` (every test).
# Each creates .venv from pyproject.toml when it is missing or stale, and installs what it needs.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test install install-hub system-packages pdf-packages lint clean-build

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	$(PY) -m course.courseview install
	@touch $(STAMP)

# Browser tests drive Debian's Chromium (browsers cannot be downloaded here); the workspace
# store and the hub are tested on a throwaway PostgreSQL cluster; the hub test needs Node.js (for
# the proxy) and faketime (a submission made after the deadline). All from Debian's packages.

# WeasyPrint (certificate and report PDFs) loads Pango through cffi; its wheel bundles no Pango.

pdf-packages:
	@if ldconfig -p | grep -q libpangoft2-1.0.so.0; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  echo "Installing Debian packages: libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core ..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null; \
	else \
	  echo "PDFs need Debian packages: run 'sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core'." >&2; \
	  exit 1; \
	fi

system-packages: pdf-packages
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium chromium-driver"; \
	command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
	  || missing="$$missing postgresql"; \
	command -v npm >/dev/null 2>&1 || missing="$$missing nodejs npm"; \
	command -v faketime >/dev/null 2>&1 || missing="$$missing faketime"; \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  echo "Installing Debian packages:$$missing ..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else \
	  echo "The tests need Debian packages:$$missing. Run 'sudo apt-get install$$missing', then 'make test' again." >&2; \
	  exit 1; \
	fi

# The hub's proxy (configurable-http-proxy) from npm, with Debian's Node.js: `build.py hub` uses it.
CHP := .node/node_modules/.bin/configurable-http-proxy

install-hub: $(CHP)

$(CHP):
	@command -v npm >/dev/null 2>&1 || $(MAKE) system-packages
	npm install --silent --no-audit --no-fund --prefix .node configurable-http-proxy@4

# axe-core, the accessibility rules the browser tests run inside each page (tests/a11y.py).
AXE := .node/node_modules/axe-core/axe.min.js

$(AXE):
	@command -v npm >/dev/null 2>&1 || $(MAKE) system-packages
	npm install --silent --no-audit --no-fund --prefix .node axe-core@4

demo: $(STAMP) pdf-packages
	$(PY) build.py demo

test: $(STAMP) system-packages $(CHP) $(AXE)
	$(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check .

# Removes only regenerable build output (never submitted/, autograded/, feedback/ or the gradebook).
clean-build:
	rm -rf course-root/source course-root/release course-root/.build
