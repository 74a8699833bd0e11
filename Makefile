# PA Tracker — the two commands a newcomer needs are `make site` and `make test`.
# Each bootstraps its own virtualenv in .venv from pyproject.toml.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
RECORDS ?= records
SITE   ?= site

.PHONY: site serve site-public test lint format bench clean

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

serve: $(STAMP)
	$(BIN)/patracker serve --records $(RECORDS)

site-public: $(STAMP)  # public audience: see issue 9
	$(BIN)/patracker build --records $(RECORDS) --out site-public --audience public

test: $(DEVSTAMP)
	$(BIN)/ruff check generator tests bench
	$(BIN)/ruff format --check generator tests bench
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

lint: $(DEVSTAMP)
	$(BIN)/ruff check generator tests bench

format: $(DEVSTAMP)
	$(BIN)/ruff format generator tests bench
	$(BIN)/ruff check --fix generator tests bench

bench: $(DEVSTAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(SITE) site-public build .patracker-cache .pytest_cache
