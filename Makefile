# Two commands for a newcomer: `make demo` and `make test`.
# Both create .venv and install everything the first time.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: setup demo test test-fast test-postgres lint browser postgres clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

setup: $(VENV)/.installed

## demo: set up, create the catalogue, ingest samples/ and serve on http://$(HOST):$(PORT)/
demo: setup
	$(BIN)/testimony demo --host $(HOST) --port $(PORT)

## browser: Debian's chromium for the browser tests (installed once, needs root or sudo)
browser:
	@command -v chromium >/dev/null 2>&1 || bash scripts/install-chromium.sh

## test: set up, lint, and run every test (browser tests in headless chromium, the crawl
## of the demo site, phone and accessibility checks; screenshots left in .test-artifacts/)
test: setup browser lint
	$(BIN)/python -m pytest

## test-fast: lint and the tests without a browser or a crawl (markers in pyproject.toml)
test-fast: setup lint
	$(BIN)/python -m pytest -m "not browser and not slow"

## postgres: Debian's PostgreSQL server binaries (installed once, needs root or sudo)
postgres:
	@bash scripts/install-postgres.sh

## test-postgres: every test again, the catalogue on a PostgreSQL server the tests start
test-postgres: setup browser postgres
	TESTIMONY_TEST_POSTGRES=1 $(BIN)/python -m pytest

## lint: ruff's rules, and the formatting `ruff format .` would write (--check changes nothing)
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache
