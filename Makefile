# The two set-up commands of the README: `make demo` (the main job end to end on the embedded default)
# and `make test` (lint, types and the whole test suite). Both create the virtualenv themselves.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,quality]"
	rm -f $(VENV)/.installed-* && touch $@

demo: $(STAMP)
	$(BIN)/ijw demo --out out

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check ijw services ijw_app ijw_tools tests
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/ijw bench validate

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
