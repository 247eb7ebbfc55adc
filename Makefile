# Bookclub: `make run` serves the site on SQLite with the seed data; `make test` runs every test.
# Both set up everything they need on a bare machine. DATABASE_URL=postgres://... uses PostgreSQL,
# REDIS_URL=redis://... Redis (the production configuration).

PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
# The browser tests drive Debian's Chromium; no browser is ever downloaded.
CHROMIUM := /usr/bin/chromium

.PHONY: install test-install run test lint check fixtures bench bench-import clean

install: $(STAMP)

# Reinstall only when the requirements change.
$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

# What the tests need besides Python: axe-core from npm, and Chromium from Debian's packages.
test-install: install $(NODE_STAMP) $(CHROMIUM)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ]; then \
		echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "The browser tests need Debian's chromium at $(CHROMIUM): run 'sudo apt-get install chromium', then make test again." >&2; \
		exit 1; \
	fi

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py loaddata fixtures/seed.json
	$(BIN)/python manage.py demo_accounts
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: test-install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: install
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

# Rebuild fixtures/seed.json from the documents in fixtures/sources/.
fixtures: install
	$(BIN)/python manage.py build_fixtures

# The performance benchmark on PostgreSQL and Redis (see bench/run.py); writes bench/results/latest.md.
bench: install
	$(BIN)/python bench/run.py

bench-import: install
	$(BIN)/python bench/library_import.py

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache
