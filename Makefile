# The two set-up commands of the README: `make run` and `make test`.
# `make run` installs what running needs (`pip install -e .`); `make test` adds the test extra
# (pytest, hypothesis, Dask, ...). Each reinstalls when pyproject.toml or the version changes.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CREATED := $(VENV)/.created
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test
INSTALL_INPUTS := pyproject.toml pipeline/__init__.py

.PHONY: run test install clean

$(CREATED):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	touch $@

$(RUN_STAMP): $(INSTALL_INPUTS) | $(CREATED)
	$(PY) -m pip install --quiet -e .
	touch $@

# The test extra holds everything running needs too, so it stands for both installs.
$(TEST_STAMP): $(INSTALL_INPUTS) | $(CREATED)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@ $(RUN_STAMP)

install: $(TEST_STAMP)

run: $(RUN_STAMP)
	$(PY) -m pipeline run corpus --out output

test: $(TEST_STAMP)
	$(PY) -m pytest

clean:
	rm -rf $(VENV)
