# Two entry points: `make demo` (set up + extract the bundled examples into out/)
# and `make test` (set up + run the whole test suite). Both work on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# The tests cover every extra. torch comes first, pinned to the CPU build this machine
# provides, so that the [transformers] extra (torch>=2.2) never pulls a CUDA build.
$(VENV)/.installed-all: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[dev,transformers,ray]'
	touch $@

install: $(VENV)/.installed

demo: install
	$(BIN)/mbnlp extract examples --out out

test: $(VENV)/.installed-all
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) out .pytest_cache
