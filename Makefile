# Koers: `make run` serves the demo site (with the background-task worker beside it), `make test` runs the whole
# suite. Both set up everything.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench messages schema screenshots clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo
	$(BIN)/python tools/run.py 127.0.0.1:8000

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Every check CI runs before the tests (the developer's guide explains each one):
# ruff's lint rules and its formatting; the import contracts of [tool.importlinter] (the layers of the code);
# mypy, which may report no error that tools/mypy-baseline.txt does not already list (lower it with
# `$(BIN)/python tools/mypy_baseline.py --update` after fixing errors); imports inside functions only with a
# comment saying why; and no model change without its migration.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python tools/mypy_baseline.py
	$(BIN)/python tools/check_local_imports.py
	$(BIN)/python manage.py makemigrations --check --dry-run

# After changing the API: regenerate the committed OpenAPI schema (a test fails while it is out of date).
schema: $(STAMP)
	$(BIN)/python manage.py spectacular --validate --fail-on-warn --file koers/api/openapi.yaml

# Load benchmark at national scale on SQLite and PostgreSQL (about 15 minutes); results in bench/results/load.md.
# One database: make bench BENCH_ARGS="--db sqlite" (or KOERS_BENCH_DB=sqlite); options: bench/load.py --help.
# Then the peak of a national meeting on PostgreSQL (about 5 minutes): 500 votes, 100 readers of the results
# and 200 sign-ins in one minute on two gunicorn workers; results in bench/results/peak.md. Its options go in
# PEAK_ARGS (bench/peak.py --help). Both always run; either one failing fails the target.
bench: $(STAMP)
	status=0; $(BIN)/python bench/load.py $(BENCH_ARGS) || status=1; \
	$(BIN)/python bench/peak.py $(PEAK_ARGS) || status=1; exit $$status

# A gallery of the main pages at 1366 and 390 px into docs/screenshots/ (a temporary database with the demo
# data, the development server on a free port, Chromium at /usr/bin/chromium; about a minute).
screenshots: $(STAMP)
	$(BIN)/python tools/screenshots.py

messages: $(STAMP)
	cd koers && ../$(BIN)/python ../manage.py makemessages -l en --no-obsolete --add-location file
	cd koers && ../$(BIN)/python ../manage.py compilemessages -l en

clean:
	rm -rf $(VENV) staticfiles
