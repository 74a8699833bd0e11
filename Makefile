# PA Tracker — the two commands a newcomer needs are `make site` and `make test`.
# Each bootstraps its own virtualenv in .venv and installs exactly the versions pinned in
# uv.lock (uv itself is pinned below and installed from PyPI into the virtualenv).

PYTHON ?= python3
UV_VERSION := 0.13.9
VENV   := .venv
BIN    := $(VENV)/bin
UV     := $(BIN)/uv
STAMP  := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
RECORDS ?= records
SITE   ?= site
# --frozen: install the lock as it is, never re-resolve; --inexact: keep uv in the venv.
SYNC   := UV_PROJECT_ENVIRONMENT=$(VENV) $(UV) sync --frozen --inexact --quiet

CODE   := generator tests $(wildcard bench/*.py)

.PHONY: site site-public site-school site-personal access-rules serve test lint format clean bench lock manual-shots

$(UV):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet 'uv==$(UV_VERSION)'

$(STAMP): pyproject.toml uv.lock | $(UV)
	$(SYNC)
	touch $@

$(DEVSTAMP): pyproject.toml uv.lock | $(UV)
	$(SYNC) --extra dev
	touch $(STAMP) $@

site: $(STAMP)
	$(BIN)/patracker validate $(RECORDS)
	$(BIN)/patracker build --records $(RECORDS) --out $(SITE)

# The public site: aggregates only, and never published unless the leak scanner passes.
site-public: $(STAMP)
	$(BIN)/patracker validate $(RECORDS)
	$(BIN)/patracker build --audience public --records $(RECORDS) --out site-public
	$(BIN)/patracker audit-site site-public --records $(RECORDS)

# The manual's screenshots (docs/manual.md): the browser test walks the demo site and
# writes build/manual-shots/; the next `make site` shows them in the manual.
manual-shots: $(DEVSTAMP)
	$(BIN)/python -m pytest -p no:xdist -q tests/browser/test_manual.py

# One folder per school (site-school/<school-id>/): its people and their evaluators' names.
# The build runs the school leak check itself; audit-site again makes the rule visible here.
site-school: $(STAMP)
	$(BIN)/patracker validate $(RECORDS)
	$(BIN)/patracker build --audience school --records $(RECORDS) --out site-school
	$(BIN)/patracker audit-site site-school --audience school --records $(RECORDS)

# One page per person at p/<HMAC of her id>/: needs PATRACKER_LINK_SECRET (docs/deploy.md).
site-personal: $(STAMP)
	$(BIN)/patracker validate $(RECORDS)
	$(BIN)/patracker build --audience personal --records $(RECORDS) --out site-personal
	$(BIN)/patracker audit-site site-personal --audience personal --records $(RECORDS)

# nginx rules: which login reads which audience folder (docs/deploy.md).
access-rules: $(STAMP)
	$(BIN)/patracker access-rules --format nginx --records $(RECORDS) --out access-rules

serve: $(STAMP)
	$(BIN)/patracker serve --records $(RECORDS)

test: $(DEVSTAMP)
	$(BIN)/ruff check $(CODE)
	$(BIN)/ruff format --check $(CODE)
	$(BIN)/mypy
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

# Refresh uv.lock after changing a dependency in pyproject.toml (tests fail until you do).
lock: | $(UV)
	$(UV) lock

# Benchmarks (bench/README.md): each figure beside its target; also in bench/out/latest.md.
bench: $(DEVSTAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

lint: $(DEVSTAMP)
	$(BIN)/ruff check $(CODE)

format: $(DEVSTAMP)
	$(BIN)/ruff format $(CODE)
	$(BIN)/ruff check --fix $(CODE)

clean:
	rm -rf $(SITE) site-public site-school site-personal build .patracker-cache .pytest_cache
