# Mentor dashboard bot. `make demo` and `make test` set up everything they need.
MW ?= 1.43
WIKI_LANG ?= en
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export PYWIKIBOT_DIR := $(CURDIR)
# The demo wiki's language for `make run` and `make wiki-up`: WIKI_LANG when given, else the one
# `make demo` built it in (a wiki of another language would be rebuilt, and pywikibot refuses it).
DEMO_LANG = $(if $(filter command line environment,$(origin WIKI_LANG)),$(WIKI_LANG),$(or $(shell sed -n 's/^ *"lang": "\([a-z0-9-]*\)",*$$/\1/p' .wiki/sites/demo/site.json 2>/dev/null),en))
export MW

.PHONY: help deps venv lint lint-js typecheck unit test test-fast demo wiki wiki-up wiki-down wiki-reset run clean screenshots screenshots-lang bench

help:
	@echo "Needs make and git (apt-get install make git); Debian 12; root or sudo to install packages."
	@echo "make demo        set up a local wiki, seed it, run the bot, print where to look"
	@echo "make test        lint, type-check and run every test against a real local MediaWiki"
	@echo "make unit        only the unit tests (no wiki); make lint, make lint-js, make typecheck"
	@echo "make wiki-up     start the demo wiki again (after a reboot); make wiki-down stops it"
	@echo "make wiki-reset  put the demo wiki back to its just-created state"
	@echo "make run         one bot pass on the demo wiki (ARGS=\"--dry-run\" prints diffs instead)"
	@echo "make screenshots the demo dashboard at desktop and phone width, into docs/"
	@echo "make screenshots-lang docs/dashboard-en.png and -ar.png from fresh en and ar demo wikis"
	@echo "make bench       WORKLOAD=S|M|L|XL: seed a generated wiki, benchmark the bot against a naive baseline"
	@echo "make clean       stop the demo wiki, delete the local wikis and their family files"
	@echo "Variables: MW=1.43|1.39 (MediaWiki version), WIKI_LANG=en|cs|ar|fr (demo wiki language)"

deps:
	@bash scripts/bootstrap.sh

$(VENV)/.installed: setup.cfg pyproject.toml
	@$(MAKE) --no-print-directory deps
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e '.[dev]'
	@touch $@

venv: $(VENV)/.installed

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: venv
	$(VENV)/bin/mypy

# The gadget's JavaScript (gadget/): ESLint with eslint-config-wikimedia, versions pinned in
# package-lock.json and installed into node_modules/ (Debian's nodejs and npm: scripts/bootstrap.sh).
node_modules/.installed: package.json package-lock.json
	@$(MAKE) --no-print-directory deps
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

lint-js: node_modules/.installed
	node_modules/.bin/eslint --max-warnings 0 gadget/

unit: venv
	$(PY) -m pytest -q tests/unit

test: deps venv lint lint-js typecheck
	$(PY) scripts/localwiki.py provision --mw $(MW)
	$(PY) -m pytest -q

demo: venv
	$(PY) scripts/localwiki.py create demo --mw $(MW) --lang $(WIKI_LANG) --force
	rm -f .state/demo-*.sqlite3  # the old demo wiki's run memory
	$(PY) scripts/localwiki.py start demo
	MENTOR_WIKI=demo MENTOR_WIKI_LANG=$(WIKI_LANG) $(PY) scripts/seed_demo.py
	MENTOR_WIKI=demo MENTOR_WIKI_LANG=$(WIKI_LANG) $(VENV)/bin/mentor-dashboard run
	@MENTOR_WIKI=demo $(PY) scripts/seed_demo.py --where

screenshots: deps venv
	$(PY) scripts/screenshots.py

# docs/dashboard-en.png and docs/dashboard-ar.png for the README: fresh demo wikis, headless Chromium.
screenshots-lang: deps venv
	$(PY) scripts/localwiki.py provision --mw $(MW)
	$(PY) scripts/language_screenshots.py --mw $(MW)

wiki: venv
	$(PY) scripts/localwiki.py create demo --mw $(MW) --lang $(DEMO_LANG)

wiki-up: wiki
	$(PY) scripts/localwiki.py start demo

wiki-down:
	@$(PYTHON) scripts/localwiki.py stop demo 2>/dev/null || true

wiki-reset: venv
	$(PY) scripts/localwiki.py reset demo

run: venv
	MENTOR_WIKI=demo MENTOR_WIKI_LANG=$(DEMO_LANG) $(VENV)/bin/mentor-dashboard run $(ARGS)

clean: wiki-down
	rm -rf .wiki families/*_family.py user-password.cfg *.lwp apicache* throttle.ctrl logs

# Benchmark: seed (or restore) a generated wiki and compare the bot with a naive baseline.
# WORKLOAD=S|M|L|XL; BENCH_ARGS e.g. "--naive-mentors 20" or "--skip-naive".
WORKLOAD ?= S
BENCH_ARGS ?=

$(VENV)/.bench: $(VENV)/.installed setup.cfg
	$(VENV)/bin/pip install -q -e '.[dev,bench]'
	@touch $@

bench: $(VENV)/.bench
	$(PY) scripts/localwiki.py provision --mw $(MW)
	$(PY) scripts/bench.py $(WORKLOAD) $(BENCH_ARGS)
