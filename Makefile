# Two commands for a newcomer: `make run` and `make test`. Both set everything up
# and are fast on the second run (stamps skip what has not changed).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMPS := .stamps
FRONTEND_SOURCES := $(shell find frontend -path frontend/node_modules -prune -o -path frontend/dist -prune -o -type f -print 2>/dev/null)

.PHONY: run test test-postgres lint format install lock frontend browser office bench clean api-types fuzz cluster

run: install frontend
	$(BIN)/diemcau serve --host 127.0.0.1 --port 8000

test: install frontend browser office
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(if $(wildcard frontend/package.json),cd frontend && npm test --silent)
	$(BIN)/pytest
	$(MAKE) --no-print-directory test-postgres

# The same suite on a throw-away PostgreSQL (started by the tests themselves, never a
# system service); skipped with a note where PostgreSQL's initdb is not installed.
test-postgres: install
	@if $(BIN)/python -c "import sys; from tests.services import postgres_bin; sys.exit(postgres_bin() is None)"; then \
	  echo "The suite again on PostgreSQL:"; \
	  DIEMCAU_TEST_DATABASE=postgresql $(BIN)/pytest; \
	else \
	  echo "warning: PostgreSQL (initdb) not found: the suite ran on SQLite only"; \
	fi

# Throw-away PostgreSQL + Redis + two app processes (8001, 8002) and nginx on 8000 when
# installed, with the demo event loaded; Ctrl-C stops everything and deletes it all.
cluster: install frontend
	$(BIN)/python scripts/cluster.py

install: $(STAMPS)/python

# Installs exactly what the lock pins (hash-checked), then the project itself without
# resolving anything; the stamp makes a second run instant until a lock or pyproject changes.
$(STAMPS)/python: pyproject.toml requirements-dev.lock
	@mkdir -p $(STAMPS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

# Lock files: requirements-dev.lock (everything `make` installs) and requirements.lock
# (what the Docker image installs; a subset with the same pins). Run `make lock` after
# editing the dependencies in pyproject.toml (keeps other pins), `make lock UPGRADE=1`
# to move every pin to the newest release allowed by pyproject.toml.
LOCK_COMPILE = $(BIN)/uv pip compile --quiet --no-config --universal --python-version 3.11 \
	--generate-hashes --custom-compile-command "make lock" $(if $(UPGRADE),--upgrade) pyproject.toml

lock: install
	$(LOCK_COMPILE) --extra dev --extra postgres --extra redis -o requirements-dev.lock
	$(LOCK_COMPILE) --extra postgres --extra redis -c requirements-dev.lock -o requirements.lock

ifneq ($(wildcard frontend/package.json),)
frontend: frontend/dist/index.html

frontend/node_modules/.package-lock.json: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	@touch $@

frontend/dist/index.html: frontend/node_modules/.package-lock.json $(FRONTEND_SOURCES)
	cd frontend && npm run build
	@touch $@
else
frontend:
	@echo "frontend/ has no package.json yet: serving the API only"
endif

# Browser tests drive Debian's Chromium; install it when missing and we may.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
	      || echo "warning: could not install chromium; browser tests will be skipped"; \
	  else \
	    echo "warning: /usr/bin/chromium missing (sudo apt-get install chromium); browser tests will be skipped"; \
	  fi; \
	fi

# The print test (tests/reports/test_printing.py) prints the documents through LibreOffice
# and reads the PDF back with poppler; install them when missing and we may.
OFFICE_PACKAGES = libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils
office:
	@if ! command -v soffice >/dev/null || ! command -v pdftotext >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(OFFICE_PACKAGES)) \
	      || echo "warning: could not install LibreOffice; the print test will be skipped"; \
	  else \
	    echo "warning: soffice or pdftotext missing (sudo apt-get install $(OFFICE_PACKAGES)); the print test will be skipped"; \
	  fi; \
	fi

# Regenerate the frontend's API types from the backend's OpenAPI document.
api-types: install frontend/node_modules/.package-lock.json
	$(BIN)/python -c "import json; from app.main import create_app; print(json.dumps(create_app().openapi()))" > .stamps/openapi.json
	cd frontend && OPENAPI=../.stamps/openapi.json npm run gen:api

# A longer property-based run over the whole OpenAPI document than the one in `make test`
# (which uses a fixed seed and 15 examples per operation). Change SEED to explore further.
FUZZ_EXAMPLES ?= 200
SEED ?= 20260719
fuzz: install
	DIEMCAU_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) DIEMCAU_FUZZ_SEED=$(SEED) $(BIN)/pytest -q tests/test_openapi_fuzz.py

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(BIN)/python bench/attendance.py

clean:
	rm -rf $(VENV) $(STAMPS) frontend/node_modules frontend/dist data
