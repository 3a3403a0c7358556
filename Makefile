# The two commands: `make run` (site with the demo issue) and `make test` (every test).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

# Development defaults; production sets these in its own environment.
export DJANGO_DEBUG ?= 1
export DJANGO_SECRET_KEY ?= django-insecure-local-development-key

.PHONY: run worker test install lint format demo serve production-env bench clean

$(BIN)/activate: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(BIN)/activate

install: $(BIN)/activate

# The queue's worker (docs/queue.md) runs beside the server; Ctrl-C stops both, and so does
# either one ending.
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py ensure_admin
	$(BIN)/python manage.py resume_mailings
	@trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py db_worker --queue-name '*' & worker=$$!; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The worker alone, as production runs it (beside `make serve`, under a process supervisor).
worker: install
	$(BIN)/python manage.py resume_mailings
	$(BIN)/python manage.py db_worker --queue-name '*' --no-reload

# The test client speaks plain http: no redirect to https, whatever DJANGO_DEBUG says.
test: export DJANGO_SECURE_SSL_REDIRECT = 0
test: export DJANGO_CACHE = locmem
# Browser tests run apart: their live server empties the database after each test, which would
# take the role groups made by the migrations away from tests sharing a worker. The fleet test
# (tests/fleet) runs alone too: it starts two gunicorn hosts, an S3 server and a database of its
# own, and skips itself without PostgreSQL or Redis on 127.0.0.1.
test: install
	$(BIN)/python -m pytest -n auto -m "not browser and not fleet" $(PYTEST_ARGS)
	$(BIN)/python -m pytest -p no:xdist -m browser $(PYTEST_ARGS)
	$(BIN)/python -m pytest -p no:xdist -m fleet $(PYTEST_ARGS)

# Production: gunicorn with gunicorn.conf.py. Needs DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS
# from the environment; over plain http (no TLS proxy in front) add DJANGO_SECURE_SSL_REDIRECT=0.
serve: export DJANGO_DEBUG = 0
serve: production-env install
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/gunicorn --config gunicorn.conf.py

# Speed of the public pages on a large throw-away archive (bench/site.py prints a table).
bench: install
	$(BIN)/python bench/site.py $(BENCH_ARGS)

production-env:
	@test "$(origin DJANGO_SECRET_KEY)" = environment || \
	  { echo "make serve: set DJANGO_SECRET_KEY (and DJANGO_ALLOWED_HOSTS) in the environment" >&2; exit 2; }

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
