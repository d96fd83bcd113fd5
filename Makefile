# Two entry points that work on a fresh machine; each creates .venv when it is missing.
#   make demo   solve a bundled problem
#   make test   run the whole test suite
# TORCH pins the CPU wheel that this project's machines carry; elsewhere pick your own build,
# e.g. `make test TORCH=torch` (PyPI's default wheels, with CUDA on Linux). A TORCH other than
# the one the venv was made with replaces its torch (the value is recorded in .venv/.torch).
PYTHON ?= python3
TORCH ?= torch==2.13.0
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TORCH_STAMP := $(VENV)/.torch

.PHONY: demo test lint clean mutation FORCE

# Always visited, but it rewrites $(TORCH_STAMP) only when TORCH differs from the value recorded
# there, so that only a new TORCH (or pyproject.toml) reinstalls.
$(TORCH_STAMP): FORCE
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@if [ "$$(cat $@ 2>/dev/null)" != '$(TORCH)' ]; then \
		echo "installing $(TORCH) into $(VENV)"; \
		$(BIN)/python -m pip install --quiet --upgrade pip && \
		{ ! $(BIN)/python -m pip show --quiet torch >/dev/null 2>&1 || \
			$(BIN)/python -m pip uninstall --quiet --yes torch; } && \
		$(BIN)/python -m pip install --quiet "$(TORCH)" && \
		echo '$(TORCH)' > $@; \
	fi

$(STAMP): pyproject.toml $(TORCH_STAMP)
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

# One thread: the demo's 32-wide network gains nothing from more, and on a busy machine extra
# threads slowed it 4x (85 s against 23 s measured side by side with other jobs running).
demo: $(STAMP)
	$(BIN)/pinnls solve problems/advection_constant.py --threads 1

# Two workers, one test file each at a time (--dist loadfile keeps a file's module-scoped runs in
# one process): on the 2-core VM about half the time of one process.
# TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= 2
test: $(STAMP)
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist loadfile

# Mutation testing (docs/testing.md); not part of `make test`. Each group of modules (the numeric
# core, vtk, validation, slabs, ...: [tool.mutmut] and [tool.pinnls-mutation.*] in pyproject.toml)
# runs in its own copy under build/mutation/GROUP with its own tests (kept, so a rerun retests only
# changed functions), with one worker at the lowest priority and one thread: these machines are
# shared. MUTATION_GROUPS="vtk slabs" runs only those groups.
MUTATION_GROUPS ?=
mutation: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[mutation]"
	OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 \
		nice -n 19 $(BIN)/python benchmarks/mutation_run.py $(MUTATION_GROUPS)
	$(BIN)/python benchmarks/mutation_score.py

lint: $(STAMP)
	$(BIN)/ruff check pinnls tests benchmarks examples problems
	$(BIN)/ruff format --check pinnls tests benchmarks examples problems

clean:
	rm -rf $(VENV) results .pytest_cache
