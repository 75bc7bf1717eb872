# Beacon: `make run` starts the app with an embedded relay and a demo workspace;
# `make test` runs the whole suite. Both create .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: test run lint bench clean faults

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "installing Beacon and its dependencies into $(VENV) (log: $(VENV)/install.log)"
	@$(BIN)/python -m pip install --quiet --upgrade pip >$(VENV)/install.log 2>&1 \
	  && $(BIN)/python -m pip install --quiet -e '.[test]' >>$(VENV)/install.log 2>&1 \
	  || { cat $(VENV)/install.log; echo "make: installing into $(VENV) failed (log above)"; exit 1; }
	@rm -f $(VENV)/.installed-*
	@touch $@

lint: $(STAMP)
	$(BIN)/lint-imports

# Bytecode is cached under build/ (never beside the sources), also where the environment
# says not to write it: the suite starts hundreds of `beacon` processes.
test: $(STAMP) lint
	env -u PYTHONDONTWRITEBYTECODE PYTHONPYCACHEPREFIX=$(CURDIR)/build/pycache QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

# The fault suite at full length (the short subset runs inside `make test`): kill -9,
# full disks, byte flips, clock jumps, stale cursors; writes docs/RELIABILITY.md even when a
# fault broke a promise (then exits non-zero). FAULTS_ITER scales it (5: 420 iterations in 7 min here; 25: ~2100 in ~35 min).
FAULTS_ITER ?= 25
FAULTS_OUT  := build/faults.jsonl
faults: $(STAMP)
	@mkdir -p build && rm -f $(FAULTS_OUT)
	@start=$$(date +%s); commit=$$(git rev-parse --short HEAD 2>/dev/null); \
	BEACON_FAULTS_ITER=$(FAULTS_ITER) BEACON_FAULTS_REPORT=$(CURDIR)/$(FAULTS_OUT) QT_QPA_PLATFORM=offscreen \
		$(BIN)/python -m pytest -q -m faults tests/faults --timeout=0; status=$$?; \
	$(BIN)/python tools/faults_report.py $(FAULTS_OUT) docs/RELIABILITY.md \
		--iter $(FAULTS_ITER) --seconds $$(( $$(date +%s) - start )) --commit "$$commit" || status=1; \
	exit $$status

# `make run ARGS="--lang zh_CN --theme dark"` passes options to the app.
run: $(STAMP)
	$(BIN)/python -m desktop demo $(ARGS)

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build dist *.egg-info

# Linux installers (dist/*.tar.gz, dist/*.deb) built with PyInstaller and smoke-tested;
# Debian needs dpkg-dev and desktop-file-utils. Windows/macOS: see packaging/ci/build.yml.
.PHONY: package
package: $(STAMP)
	$(BIN)/python -m pip install --quiet -r packaging/requirements.txt
	PYTHON=$(BIN)/python packaging/linux/build.sh
