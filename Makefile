# PA Tracker — the two commands a newcomer needs are `make site` and `make test`.
# Each bootstraps its own virtualenv in .venv from pyproject.toml.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
RECORDS ?= records
SITE   ?= site

CODE   := generator tests $(wildcard bench/*.py)

.PHONY: site site-public serve test lint format clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEVSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP) $@

site: $(STAMP)
	$(BIN)/patracker validate $(RECORDS)
	$(BIN)/patracker build --records $(RECORDS) --out $(SITE)

# The public site: aggregates only, and never published unless the leak scanner passes.
site-public: $(STAMP)
	$(BIN)/patracker validate $(RECORDS)
	$(BIN)/patracker build --audience public --records $(RECORDS) --out site-public
	$(BIN)/patracker audit-site site-public --records $(RECORDS)

serve: $(STAMP)
	$(BIN)/patracker serve --records $(RECORDS)

test: $(DEVSTAMP)
	$(BIN)/ruff check $(CODE)
	$(BIN)/ruff format --check $(CODE)
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

# Benchmarks of issue 8 (bench/README.md): each figure beside its target; also in bench/out/latest.md.
bench: $(DEVSTAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

lint: $(DEVSTAMP)
	$(BIN)/ruff check $(CODE)

format: $(DEVSTAMP)
	$(BIN)/ruff format $(CODE)
	$(BIN)/ruff check --fix $(CODE)

clean:
	rm -rf $(SITE) site-public build .patracker-cache .pytest_cache
