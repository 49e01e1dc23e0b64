# Two commands for a fresh clone: `make run` and `make test`. Each sets itself up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

QM := resources/continuity_fr.qm
.DEFAULT_GOAL := run

.PHONY: run test bench setup clean-venv screenshots translations

# Qt Linguist: the .ts source is kept in git, the .qm is built.
$(QM): resources/continuity_fr.ts $(STAMP)
	$(BIN)/pyside6-lrelease -silent resources/continuity_fr.ts -qm $(QM)

# Refresh the .ts from the code and forms (then translate the new entries).
translations: $(STAMP)
	$(BIN)/pyside6-lupdate -silent -no-obsolete continuity/ui/*.py forms/*.ui -ts resources/continuity_fr.ts

# Screenshots of every screen in both languages at 1366x768, into screenshots/.
screenshots: $(STAMP) $(QM)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m continuity.ui.screenshots screenshots

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

# Opens the ward on the demo data folder (./data/demo) unless a data folder is configured.
run: $(STAMP) $(QM)
	$(BIN)/python -m continuity.launcher

test: $(STAMP) $(QM)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n auto -q

bench: $(STAMP)
	$(BIN)/python -m bench

clean-venv:
	rm -rf $(VENV)
