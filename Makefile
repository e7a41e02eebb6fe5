# vrpgen developer entry points. CI runs `make test` through .ci/run.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: test demo lint bench golden clean diagram graphviz chromium

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## make test: create .venv if missing, install vrpgen with its test extras and Graphviz when
## missing (the picture tests use it; `make chromium` for the page test, which .ci/run installs;
## without them those tests skip, outside CI), run the suite
test: $(STAMP) graphviz
	$(PY) -m pytest -q

# System packages, installed only when the program is absent and apt-get can run (root);
# otherwise a note, and the tests that need the program skip (fail in CI: .ci/run).
APT_INSTALL = if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $(1); \
	else echo "note: $(2) is missing: apt-get install $(1) (as root)" >&2; fi
graphviz:
	@command -v dot >/dev/null || { $(call APT_INSTALL,graphviz,Graphviz's dot); }
chromium:
	@command -v chromium >/dev/null || { $(call APT_INSTALL,chromium,chromium); }

## make diagram: redraw docs/seed-lab.svg (the README's picture of the seed lab) with Graphviz
diagram: $(STAMP) graphviz
	$(VRPGEN_BIN) graph inventory/lab.yml -o docs/seed-lab.svg

## make demo: the main job on the seed lab: validate, render, start the built-in simulator
## (factory-default devices on 127.0.0.1), preview the change read live from the devices, push it,
## push again (nothing to do), stop the simulator; exit 0 only if all of it worked
DEMO_PORT ?= 0
VRPGEN_BIN := $(VENV)/bin/vrpgen
DEMO_HOSTS := --hosts build/sim-hosts.yml --audit build/audit.jsonl
demo: $(STAMP)
	$(VRPGEN_BIN) validate inventory
	$(VRPGEN_BIN) render inventory -o build/configs
	@echo
	@echo "== build/configs/R1.cfg =="
	@cat build/configs/R1.cfg
	@echo
	@echo "== build/configs/calico/bgppeers.yaml =="
	@cat build/configs/calico/bgppeers.yaml
	@echo
	@echo "== simulator: factory-default devices on 127.0.0.1 =="
	$(VRPGEN_BIN) sim inventory --detach --base-port $(DEMO_PORT) \
		--pid-file build/sim.pid --hosts-out build/sim-hosts.yml
	@export VRPGEN_USERNAME=vrpgen VRPGEN_PASSWORD=vrpgen; status=0; \
	echo "== preview: R1's change, read live from the simulator (exit 2 = changes) =="; \
	$(VRPGEN_BIN) diff inventory --live $(DEMO_HOSTS) --limit R1 --plan build/plan.json; \
	test $$? -le 2 || status=1; \
	if [ $$status = 0 ]; then \
		echo "== push: back up, send, verify (report: build/push-report.json) =="; \
		$(VRPGEN_BIN) push inventory $(DEMO_HOSTS) --backup-dir build/running \
			--report build/push-report.json || status=1; \
	fi; \
	if [ $$status = 0 ]; then \
		echo "== push again: nothing to do =="; \
		$(VRPGEN_BIN) push inventory $(DEMO_HOSTS) --backup-dir build/running || status=1; \
	fi; \
	echo "== audit trail: one JSON line per device and action (build/audit.jsonl) =="; \
	cat build/audit.jsonl; \
	$(VRPGEN_BIN) sim --stop --pid-file build/sim.pid; exit $$status

## make lint: ruff, mypy --strict on the package, and the import contracts of pyproject.toml
lint: $(STAMP)
	$(VENV)/bin/ruff check vrpgen tests bench
	$(VENV)/bin/mypy vrpgen
	$(VENV)/bin/lint-imports

## make bench: side-by-side benchmarks (results also recorded in docs/benchmarks.md)
bench: $(STAMP)
	$(PY) bench/bench_render.py --sizes 500,2000 --runs 3
	$(PY) bench/bench_diff.py
	$(PY) bench/bench_sim.py --sizes 1,50,200 --repeat 3
	$(PY) bench/bench_push.py --devices 200 --workers 1,8,32,64

## make golden: rewrite golden files from the current code; review `git diff tests/` before committing
golden: $(STAMP)
	$(PY) -m pytest -q --update-golden
	git diff --stat tests/

clean:
	rm -rf build $(VENV) .pytest_cache .mypy_cache .ruff_cache
