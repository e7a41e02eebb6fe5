# vrpgen developer entry points. CI runs `make test` through .ci/run.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: test demo lint bench golden clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## make test: create .venv if missing, install vrpgen with its test extras, run the suite
test: $(STAMP)
	$(PY) -m pytest -q

## make demo: validate and render the seed lab in inventory/, then show R1's config
demo: $(STAMP)
	$(VENV)/bin/vrpgen validate inventory
	$(VENV)/bin/vrpgen render inventory -o build/configs
	@echo
	@echo "== build/configs/R1.cfg =="
	@cat build/configs/R1.cfg

## make lint: ruff and mypy --strict on the package
lint: $(STAMP)
	$(VENV)/bin/ruff check vrpgen tests bench
	$(VENV)/bin/mypy vrpgen

## make bench: side-by-side benchmarks (results also recorded in docs/benchmarks.md)
bench: $(STAMP)
	$(PY) bench/bench_render.py

## make golden: rewrite golden files from the current code; review `git diff tests/` before committing
golden: $(STAMP)
	$(PY) -m pytest -q --update-golden
	git diff --stat tests/

clean:
	rm -rf build $(VENV) .pytest_cache .mypy_cache .ruff_cache
