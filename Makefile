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

## make demo: the main job on the seed lab: validate, render, then preview the change against
## the built-in simulator (factory-default devices on 127.0.0.1) and stop it again
DEMO_PORT ?= 10022
demo: $(STAMP)
	$(VENV)/bin/vrpgen validate inventory
	$(VENV)/bin/vrpgen render inventory -o build/configs
	@echo
	@echo "== build/configs/R1.cfg =="
	@cat build/configs/R1.cfg
	@echo
	@echo "== build/configs/calico/bgppeers.yaml =="
	@cat build/configs/calico/bgppeers.yaml
	@echo
	@echo "== simulator: read the running configs over SSH, preview the change =="
	$(VENV)/bin/vrpgen sim inventory --detach --base-port $(DEMO_PORT) \
		--pid-file build/sim.pid --hosts-out build/sim-hosts.yml
	VRPGEN_USERNAME=vrpgen VRPGEN_PASSWORD=vrpgen $(VENV)/bin/vrpgen backup inventory \
		--hosts build/sim-hosts.yml -o build/running || ($(VENV)/bin/vrpgen sim --stop --pid-file build/sim.pid; exit 1)
	$(VENV)/bin/vrpgen diff inventory --running build/running --limit R1 --plan build/plan.json; \
		status=$$?; $(VENV)/bin/vrpgen sim --stop --pid-file build/sim.pid; \
		test $$status -le 2  # 2 = changes present, the expected answer on factory-default devices

## make lint: ruff, mypy --strict on the package, and the import contracts of pyproject.toml
lint: $(STAMP)
	$(VENV)/bin/ruff check vrpgen tests bench
	$(VENV)/bin/mypy vrpgen
	$(VENV)/bin/lint-imports

## make bench: side-by-side benchmarks (results also recorded in docs/benchmarks.md)
bench: $(STAMP)
	$(PY) bench/bench_render.py
	$(PY) bench/bench_diff.py
	$(PY) bench/bench_sim.py --sizes 1,50,200 --repeat 3

## make golden: rewrite golden files from the current code; review `git diff tests/` before committing
golden: $(STAMP)
	$(PY) -m pytest -q --update-golden
	git diff --stat tests/

clean:
	rm -rf build $(VENV) .pytest_cache .mypy_cache .ruff_cache
