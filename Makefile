# casetracker — `make run` serves the demo on SQLite; `make test` runs the test suite.
# .venv is made with the first Python 3.11 or newer on PATH (scripts/find-python), or PYTHON=….
VENV := .venv
PY := $(VENV)/bin/python
# Runtime requirements (make run, make serve, production), then the tests' and tools' on top.
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
HOST ?= 127.0.0.1
PORT ?= 8000
# Test runs keep the bytecode of what they import, even where the environment says not to
# (Docker's Python images set PYTHONDONTWRITEBYTECODE=1): otherwise each xdist worker compiles
# pytest's plugins again on every run (docs/testing.md, "How fast").
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test test-fast lint format migrate demo clean serve

$(PY):
	@python=$$(PYTHON="$(PYTHON)" sh scripts/find-python) || exit 1; \
	echo "$$python -m venv $(VENV)"; \
	$$python -m venv $(VENV) || { \
	  rm -rf $(VENV); \
	  echo "Could not create $(VENV) with $$python (Debian, Ubuntu: apt-get install python3-venv)." >&2; \
	  exit 1; }
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

$(DEV_STAMP): requirements-dev.txt $(STAMP)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(DEV_STAMP)

migrate: $(STAMP)
	DEBUG=1 $(PY) manage.py migrate --noinput

demo: migrate
	DEBUG=1 $(PY) manage.py load_demo

run: demo
	DEBUG=1 SITE_URL=http://$(HOST):$(PORT) $(PY) manage.py runserver $(HOST):$(PORT)

# Production mode (docs/deploy.md): DEBUG off, SECRET_KEY and DATABASE_URL from the environment;
# collects static files, applies migrations, then runs gunicorn (casetracker/gunicorn.conf.py).
serve: $(STAMP)
	$(PY) manage.py check --deploy
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py migrate --noinput
	GUNICORN_BIND=$${GUNICORN_BIND:-$(HOST):$(PORT)} $(VENV)/bin/gunicorn -c casetracker/gunicorn.conf.py

# The whole suite on DATABASE_URL (SQLite when unset), then, when that was PostgreSQL,
# the fast tests again on SQLite; both on every core (TEST_WORKERS=N, 0 for one process).
# docs/testing.md: the layout, the markers, running one file or one database.
TEST_WORKERS ?= auto
test: $(DEV_STAMP)
	TEST_WORKERS=$(TEST_WORKERS) $(PY) scripts/run_tests.py

# The fast tests only (no browser, no slow, no PostgreSQL-only), on SQLite.
test-fast: $(DEV_STAMP)
	DATABASE_URL= $(PY) -m pytest -m "not browser and not slow" -q -n $(TEST_WORKERS) --dist loadfile

lint: $(DEV_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(DEV_STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache .grimp_cache .import_linter_cache

# Benchmarks (bench/README.md): PostgreSQL from BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432),
# gunicorn on a free loopback port, wrk (installed with apt-get when missing and root).
.PHONY: bench bench-quick bench-compare
bench: $(STAMP)
	$(PY) bench/run.py

bench-quick: $(STAMP)
	$(PY) bench/run.py --quick

# Every page against an earlier revision, their requests interleaved: make bench-compare BASE=<rev>
bench-compare: $(STAMP)
	@test -n "$(BASE)" || { echo "usage: make bench-compare BASE=<git revision>"; exit 2; }
	$(PY) bench/compare.py $(BASE) $(ARGS)

# After changing a translatable string: refresh the French catalogue, translate what it marks
# untranslated or fuzzy in locale/fr/LC_MESSAGES/django.po, then run this again to compile it.
.PHONY: messages
messages: $(STAMP)
	DEBUG=1 $(PY) manage.py makemessages -l fr --no-obsolete --no-location -i ".venv/*" -i "bench/*" -i "tests/*"
	msgfmt --check -o locale/fr/LC_MESSAGES/django.mo locale/fr/LC_MESSAGES/django.po
