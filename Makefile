# The module's commands. Everyday: `make lab` (students) and `make test` (everyone).
# Everything runs from the project's own venv, created on first use.

PYTHON  ?= python3
VENV    ?= .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed-$(shell cat requirements.txt pyproject.toml | cksum | cut -d' ' -f1)
ROOTFLAG := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)
PYTEST  := $(PY) -m pytest -n 2 --dist loadscope --nbval --nbval-current-env \
           --nbval-sanitize-with tests/sanitize.cfg -W ignore::DeprecationWarning

.PHONY: help venv lab test test-fast execute exercises bibliography grade release bench fuzz clean

help:
	@echo "make lab          start JupyterLab on the first lesson (creates .venv on first use)"
	@echo "make test         run every test: unit, data, quizzes, nbval over all notebooks, browser"
	@echo "make test-fast    the same without the browser tests (no Chromium needed)"
	@echo "make execute      re-execute every notebook in place (reproducible)"
	@echo "make exercises    regenerate exercises/ from solutions/ (REKEY=1 after changing an answer)"
	@echo "make bibliography regenerate lessons/sources.md from data/sources.csv"
	@echo "make grade SUBMISSIONS=folder   grade submitted exercise notebooks"
	@echo "make release      write the student bundle to release/"
	@echo "make bench        time notebooks, tests, quiz checks and grading"
	@echo "make fuzz         100,000 fuzzed answers per question type"

$(STAMP): requirements.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	@rm -f $(VENV)/.installed-*
	@touch $@

# Kernels import the package afresh; cached bytecode saves each one ~0.4 s of compiling, even where
# PYTHONDONTWRITEBYTECODE is set (as in CI). compileall only rewrites what changed.
venv: $(STAMP)
	@$(PY) -m compileall -q wanted

# JupyterLab's defaults in this venv (its overrides.json): no popup asking to fetch Jupyter news, no update
# check. Nothing is fetched while students work, and a class is not asked a question unrelated to the course.
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json
$(LAB_SETTINGS): wanted/jupyterlab_overrides.json $(STAMP)
	@mkdir -p $(dir $@)
	cp $< $@

lab: venv $(LAB_SETTINGS)
	@echo "Starting JupyterLab on lessons/00_start_here.ipynb — open the http://127.0.0.1:… URL printed below."
	$(VENV)/bin/jupyter lab $(ROOTFLAG) --ServerApp.root_dir="$(CURDIR)" lessons/00_start_here.ipynb

# pytest exits 5 when it collected nothing: that is a broken checkout, not a pass.
test: venv
	@$(PYTEST) --durations=5; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests — is tests/ missing?"; exit 1; fi; \
	exit $$rc

# The everyday loop while writing: everything but JupyterLab in Chromium. make test (and CI) runs it all.
test-fast: venv
	@$(PYTEST) -m "not browser" --durations=5; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test-fast: pytest collected no tests — is tests/ missing?"; exit 1; fi; \
	exit $$rc

execute: venv
	$(PY) -m wanted execute

exercises: venv
	$(PY) -m wanted exercises $(if $(REKEY),--rekey)

bibliography: venv
	$(PY) -m wanted bibliography

grade: venv
	@test -n "$(SUBMISSIONS)" || { echo "usage: make grade SUBMISSIONS=path/to/folder"; exit 2; }
	$(PY) -m wanted grade "$(SUBMISSIONS)"

release: venv
	$(PY) -m wanted release

bench: venv
	$(PY) bench/run.py

fuzz: venv
	WANTED_FUZZ_EXAMPLES=100000 $(PY) -m pytest -q -o timeout=0 tests/test_checking_fuzz.py

clean:
	rm -rf $(VENV) release graded
