# Commons developer commands. `make` alone prints this menu.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export COMMONS_DATA_DIR ?= $(CURDIR)/data
PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres
PYTEST_ARGS ?= -n 2

.DEFAULT_GOAL := help
.PHONY: help install run demo serve test test-sqlite test-postgres lint fmt migrations seed bench services browsers clean

help: ## this menu
	@echo "Commons — make targets:"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements-dev.lock requirements-encoder.lock requirements-encoder-train.lock package.json package-lock.json
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps -r requirements-encoder.lock -r requirements-encoder-train.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	npm ci --no-audit --no-fund --loglevel=error
	@touch $(STAMP)

install: $(STAMP) ## create the virtualenv and install the locked packages (Python and front-end)

run: install ## install, migrate, load the demo community and serve http://127.0.0.1:8000
	COMMONS_DEBUG=1 $(BIN)/commons migrate --verbosity 0
	COMMONS_DEBUG=1 $(BIN)/commons demo
	@echo "Serving on http://127.0.0.1:8000 (Ctrl-C to stop)"
	COMMONS_DEBUG=1 $(BIN)/commons run --host 127.0.0.1 --port 8000

demo: install ## load the demo community (idempotent)
	COMMONS_DEBUG=1 $(BIN)/commons migrate --verbosity 0
	COMMONS_DEBUG=1 $(BIN)/commons demo

seed: demo ## alias of demo

bench: install services ## seed 10,000 members and 200,000 posts, then time feed, post page and search on SQLite and PostgreSQL
	$(BIN)/python tools/bench.py

services: ## start PostgreSQL and Redis here if they are not running
	@tools/ensure-services

browsers: ## install Debian's Chromium for the browser tests if it is missing
	@tools/ensure-chromium

lint: install ## ruff and the migrations check
	$(BIN)/ruff check commons tools
	$(BIN)/ruff format --check commons tools
	COMMONS_TESTING=1 $(BIN)/python manage.py makemigrations --check --dry-run

fmt: install ## format and fix what ruff can
	$(BIN)/ruff format commons tools
	$(BIN)/ruff check --fix commons tools

test-sqlite: install browsers
	COMMONS_TESTING=1 DATABASE_URL= $(BIN)/pytest -p no:cacheprovider $(PYTEST_ARGS)

test-postgres: install browsers services
	COMMONS_TESTING=1 DATABASE_URL=$(PG_URL) $(BIN)/pytest -p no:cacheprovider $(PYTEST_ARGS)

test: install browsers services lint ## install and run the whole suite: lint, then SQLite, then PostgreSQL
	@echo "== suite on SQLite =="
	COMMONS_TESTING=1 DATABASE_URL= $(BIN)/pytest -p no:cacheprovider $(PYTEST_ARGS)
	@echo "== suite on PostgreSQL =="
	COMMONS_TESTING=1 DATABASE_URL=$(PG_URL) $(BIN)/pytest -p no:cacheprovider $(PYTEST_ARGS)

clean: ## remove the virtualenv, front-end packages and local data
	rm -rf $(VENV) node_modules data
