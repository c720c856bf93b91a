# Two commands do all the set-up on a fresh machine:
#   make report   -> creates .venv from requirements.lock if needed, renders params/ccn-report.yml
#   make test     -> creates .venv if needed, runs the test suite
# Nothing is installed globally: everything goes into .venv/ inside this folder.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PARAMS ?= params/ccn-report.yml
STAMP  := $(VENV)/.installed
# Public data: reports read the extract shipped in analysis/resources/public_extract unless
# P2R_PUBLIC_DATA names a newer publisher folder (make report P2R_PUBLIC_DATA=/path/to/public).

.PHONY: report test lint env bench chapters golden intervals fuzz clean distclean help quarto

help:
	@echo "make report   render $(PARAMS) to output/<variant>/ (HTML + PDF)"
	@echo "make test     static checks (ruff, mypy), then the tests"
	@echo "make lint     the static checks only"
	@echo "make golden   regenerate the golden files after a change that moves a number on purpose"
	@echo "make chapters sync chapters/*.ipynb with chapters/src/*.py (jupytext)"
	@echo "make bench    time a cold and a warm render of the default report"
	@echo "make env      create the environment only"

env: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

report: $(STAMP)
	$(BIN)/p2r render $(PARAMS)

# Real Quarto from ../shared/tools/quarto into .quarto/ (git-ignored); then: export PATH=$$PWD/.quarto/quarto-1.10.18/bin:$$PATH
QUARTO_TOOLS ?= ../shared/tools/quarto
quarto:
	bash $(QUARTO_TOOLS)/install-quarto-offline.sh $(QUARTO_TOOLS)/quarto-1.10.18-offline.tar.gz $(CURDIR)/.quarto/quarto-1.10.18

A11Y := tests/a11y/node_modules/.installed

# The accessibility checker (axe-core + puppeteer-core driving the system's Chromium) is a small Node project.
$(A11Y): tests/a11y/package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/a11y --no-audit --no-fund --silent && touch $(A11Y); \
	else echo "npm not found: the accessibility test will be skipped (or fail if P2R_REQUIRE_BROWSER=1)"; fi

# Static checks: lint, format and types (the same as the pre-commit hooks).
LINT_PATHS := analysis tests scripts bench chapters/src
lint: $(STAMP)
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)
	$(BIN)/mypy

test: lint $(A11Y)
	$(BIN)/python -m pytest -q

fuzz: $(STAMP)  ## property tests with fresh random examples (slow; finds new failures)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q $$(grep -l "@given" tests/*.py)

bench: $(STAMP)
	$(BIN)/python scripts/bench_render.py $(PARAMS)

# Regenerate the golden files after a change that moves a number on purpose; prints what changed.
golden: $(STAMP)
	$(BIN)/python tests/goldens.py --update

# Rebuild the shipped back-test error bands (analysis/resources/backtest_intervals.yml) after changing the
# council projection method, with the pooled English growth (analysis/resources/pooled_growth.yml). About a minute.
intervals: $(STAMP)
	$(BIN)/p2r backtest --out build/backtest
	cp build/backtest/backtest-intervals.yml analysis/resources/backtest_intervals.yml
	cp build/backtest/backtest-pooled-growth.yml analysis/resources/pooled_growth.yml

chapters: $(STAMP)
	$(BIN)/jupytext --sync chapters/src/*.py

# Regenerate the lock file after changing dependencies in pyproject.toml (needs network access to PyPI).
lock:
	$(PYTHON) -m pip install --quiet uv --target .lock-tools && PYTHONPATH=.lock-tools $(PYTHON) -m uv pip compile pyproject.toml build-requirements.in --extra test --python-version 3.11 --generate-hashes -o requirements.lock; rm -rf .lock-tools

clean:
	rm -rf build output .pytest_cache

distclean: clean
	rm -rf $(VENV)
