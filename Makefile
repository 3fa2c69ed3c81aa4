# FieldRep: `make run` installs everything and launches the app; `make test` installs
# everything and runs the whole test suite.  Both work from a fresh clone.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

# Shared libraries Qt needs (offscreen and on a desktop), as Debian/Ubuntu packages.
SYSTEM_PACKAGES := libegl1 libgl1 libopengl0 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 \
	libdbus-1-3 libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 \
	libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-image0 libnss3 libxcomposite1 \
	libxdamage1 libxrandr2 libxtst6 libasound2

.PHONY: run test lint system-deps postgres-deps clean

# FieldRep's own modules are byte-compiled first, as a wheel's install does (an editable
# install does not; a no-op when they are current): each start then reads their bytecode
# instead of compiling them, which the first start would otherwise do.
run: $(STAMP)
	$(BIN)/python -m compileall -q fieldrep ui main.py
	$(BIN)/python main.py

# ruff and mypy (strict, on the core) first; the layers (import-linter) are checked by
# tests/test_architecture.py with the rest of the suite.  The tests marked `postgres` run
# against a throw-away PostgreSQL server that tests/conftest.py starts (own folder, port and
# socket; as the unprivileged `nobody` user when run as root) and stops at the end.
test: $(STAMP) postgres-deps
	$(BIN)/ruff check fieldrep ui tests benchmarks main.py
	$(BIN)/mypy
	QT_QPA_PLATFORM=offscreen QTWEBENGINE_DISABLE_SANDBOX=1 $(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check fieldrep ui tests benchmarks main.py

$(STAMP): pyproject.toml | system-deps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@# A .venv made before the PySide6 6.11.3 pin holds PySide6-WebEngine 6.12: it must go.
	$(BIN)/python -m pip uninstall --quiet --yes PySide6-WebEngine 2>/dev/null || true
	$(BIN)/python -m pip install --quiet -e ".[dev,postgres]"
	touch $(STAMP)

# Installs the missing system libraries with apt-get (through sudo when not root);
# elsewhere it only names them.
system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if ! command -v apt-get >/dev/null; then \
		echo "FieldRep needs Qt's system libraries; install the equivalents of:$$missing"; exit 0; fi; \
	sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	echo "installing system libraries Qt needs:$$missing"; \
	$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing >/dev/null

# The PostgreSQL server, for the tests only (`make run` never installs a database server):
# the Debian package `postgresql`, through apt-get (sudo when not root).  Where there is no
# apt-get it is only named; the postgres tests then fail, saying how to provide a server.
postgres-deps:
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null; then \
		exit 0; fi; \
	if ! command -v apt-get >/dev/null; then \
		echo "the postgres tests need a PostgreSQL server (package postgresql)"; exit 0; fi; \
	sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	echo "installing PostgreSQL for the tests"; \
	$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq \
		--no-install-recommends postgresql >/dev/null

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
