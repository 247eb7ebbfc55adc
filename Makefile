# Bookclub: `make run` serves the site on SQLite with the seed data; `make test` runs every test.
# Set DATABASE_URL=postgres://postgres@127.0.0.1:5432/bookclub to use PostgreSQL instead.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint check fixtures bench clean

install: $(STAMP)

# Reinstall only when the requirements change. npm brings axe-core for the browser tests.
$(STAMP): requirements.txt requirements-dev.txt package.json package-lock.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	npm ci --no-audit --no-fund --loglevel=error
	touch $(STAMP)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py loaddata fixtures/seed.json
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: install
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

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache
