# Two entry points that work on a fresh machine; each creates .venv when it is missing.
#   make demo   solve a bundled problem
#   make test   run the whole test suite
# TORCH pins the CPU wheel that this project's machines carry; elsewhere pick your own build,
# e.g. `make test TORCH=torch`.
PYTHON ?= python3
TORCH ?= torch==2.13.0
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet "$(TORCH)"
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

# One thread: the demo's 32-wide network gains nothing from more, and on a busy machine extra
# threads slowed it 4x (85 s against 23 s measured side by side with other jobs running).
demo: $(STAMP)
	$(BIN)/pinnls solve problems/advection_constant.py --threads 1

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check pinnls tests benchmarks examples problems
	$(BIN)/ruff format --check pinnls tests benchmarks examples problems

clean:
	rm -rf $(VENV) results .pytest_cache
