# mlp-edu: `make serve` and `make test` are the quick start; both set up first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help setup serve build offline test test-unit bench lint lock clean translations-reviewed

help:
	@echo "make serve  set up, then serve the site with live reload at http://127.0.0.1:8000"
	@echo "make test   set up, then run every test (unit, doctests, site build, browser)"
	@echo "make test-unit  the package's own tests and doctests only (seconds; no site build)"
	@echo "make build  set up, then build the static site into site/"
	@echo "make offline  the offline edition (opens from disk) in site-offline/, zipped as dist/mlp-edu-offline.zip"
	@echo "make bench  set up, then run the benchmarks"
	@echo "make lint   ruff"
	@echo "make lock   re-resolve requirements/lock.txt from pyproject.toml"
	@echo "make translations-reviewed PAGE=docs/NAME.zh.md  record that a translation matches its English"

# Set-up is keyed on the files that define it, so it takes a moment when nothing changed.
$(BIN)/.installed: pyproject.toml requirements/lock.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --constraint requirements/lock.txt --editable '.[docs,test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(BIN)/.installed node_modules/.installed

serve: setup
	$(BIN)/mkdocs serve --livereload --dev-addr 127.0.0.1:8000

build: setup
	$(BIN)/mkdocs build --strict

# The whole site to read from disk (file://), both languages: mkdocs.offline.yml, zipped.
offline: setup
	$(BIN)/mkdocs build --strict --config-file mkdocs.offline.yml
	$(BIN)/python -m sitebuild.offline site-offline dist/mlp-edu-offline.zip

test: setup
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

# The package alone: tests/unit and the docstrings of mlp_edu, no site build, no browser.
test-unit: $(BIN)/.installed
	$(BIN)/python -m pytest tests/unit mlp_edu

bench: setup
	$(BIN)/python -m benchmarks

lint: setup
	$(BIN)/ruff check .

# After bringing a translation up to date with its English source (tests/site/test_translations.py
# names the stale ones): record the English version it now translates.
translations-reviewed: $(BIN)/.installed
	@test -n "$(PAGE)" || { echo "usage: make translations-reviewed PAGE=docs/NAME.zh.md"; exit 2; }
	$(BIN)/python -m sitebuild.translations reviewed $(PAGE)

lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet '.[docs,test]'
	.lock-venv/bin/pip freeze --exclude mlp-edu > requirements/lock.txt
	rm -rf .lock-venv

clean:
	rm -rf site site-offline dist .cache
