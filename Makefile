# Two commands on a fresh machine: `make demo` (the main job) and `make test` (every test).
# Each creates .venv from pyproject.toml when it is missing or stale, and installs what it needs.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test install chromium lint clean-build

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

# Browser tests drive Debian's Chromium (browsers cannot be downloaded here).
chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  echo "Installing Debian's chromium and chromium-driver ..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	else \
	  echo "The browser tests need Debian's Chromium: run 'sudo apt-get install chromium chromium-driver', then 'make test' again." >&2; \
	  exit 1; \
	fi

demo: $(STAMP)
	$(PY) build.py demo

test: $(STAMP) chromium
	$(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check .

# Removes only regenerable build output (never submitted/, autograded/, feedback/ or the gradebook).
clean-build:
	rm -rf course-root/source course-root/release course-root/.build
