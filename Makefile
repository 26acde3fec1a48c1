# The gut–brain claims workbook. `make help` lists the targets.
# Needs only Python 3.11+ and make: every target sets up .venv from requirements.lock first.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYTEST_ARGS ?=
PREVIEW_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help install validate reports preview test check lint format lab lock clean

help: ## list the targets with what each does
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-9s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "error: $(PYTHON) is older than Python 3.11; hint: make PYTHON=python3.11 ..." >&2; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

install: $(STAMP) ## create .venv and install the locked packages (other targets do this first)

validate: $(STAMP) ## check claims, sources and vocabulary; one line per problem
	$(BIN)/python -m analysis validate

reports: validate ## validate the claims, then build every HTML report into reports/
	$(BIN)/python -m analysis build

preview: validate ## serve reports/ on http://127.0.0.1:8000/, rebuilt and reloaded as you edit; Ctrl-C stops
	$(BIN)/python -m analysis preview $(PREVIEW_ARGS)

test: lint ## check the code with ruff, then run the whole test suite (about 10 minutes on 2 cores)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

check: lint ## the inner loop: ruff and every test not marked slow (kernels, builds) or browser (under a minute)
	$(BIN)/python -m pytest -m "not slow and not browser" -q $(PYTEST_ARGS)

lint: $(STAMP) ## check the code's style and correctness with ruff (configured in pyproject.toml)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

format: $(STAMP) ## reformat the code with ruff
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

lab: $(STAMP) ## open JupyterLab on notebooks/ with the workbook's kernel
	$(BIN)/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

lock: $(STAMP) ## re-resolve requirements.lock from pyproject.toml (then commit it)
	$(BIN)/pip-compile --quiet --extra dev --extra cluster --strip-extras --no-emit-index-url --no-emit-find-links --allow-unsafe --output-file requirements.lock pyproject.toml

clean: ## remove the built reports (keeps reports/README.md)
	find reports -mindepth 1 ! -name README.md -exec rm -rf {} +
