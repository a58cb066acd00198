# e-SOP portal. Two commands for a newcomer: `make run` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV := $(shell command -v uv 2>/dev/null || echo $(VENV)-uv/bin/uv)
DEV_ENV := DEBUG=1
TEST_ENV := SECRET_KEY=test-only-not-a-secret

.PHONY: run test install lint format migrate clean messages bench import-eval backup restore

$(VENV)-uv/bin/uv:
	$(PYTHON) -m venv $(VENV)-uv
	$(VENV)-uv/bin/pip install --quiet uv

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(UV)
	$(UV) venv --allow-existing --python $(PYTHON) $(VENV)
	$(UV) pip install --python $(PY) -r requirements.txt -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	mkdir -p var
	$(DEV_ENV) $(PY) manage.py migrate --no-input

# make run PORT=8080 serves elsewhere; the links of e-mails and QR codes follow the address served.
PORT ?= 8000
RUN_ENV := $(DEV_ENV) ESOP_BASE_URL=http://127.0.0.1:$(PORT)
run: migrate
	$(RUN_ENV) $(PY) manage.py seed_demo
	$(RUN_ENV) $(PY) manage.py seed_demo_cases
	$(RUN_ENV) $(PY) manage.py seed_demo_history
	$(RUN_ENV) $(PY) manage.py seed_demo_import
	@echo "Portal: http://127.0.0.1:$(PORT)  (berhenti: Ctrl+C)"
	@# The scheduler (catch-up, then the daily jobs on their hour) lives as long as the server does.
	$(RUN_ENV) $(PY) manage.py scheduler & scheduler=$$!; trap 'kill $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(RUN_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	scripts/system-packages
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) $(VENV)-uv var .pytest_cache .ruff_cache

# Refresh the English catalogue after changing user-facing text (needs gettext's msgfmt).
messages: install
	$(DEV_ENV) $(PY) manage.py makemessages -l en --ignore=.venv --ignore=var --ignore=tests --ignore=bench --no-obsolete
	$(DEV_ENV) $(PY) manage.py compilemessages -l en

# Timings (never asserted in tests), on a fresh PostgreSQL database on 127.0.0.1 (see bench/run.py):
# pages under load with gunicorn (with Redis and a Celery worker) and wrk, query counts, the snapshot job, the renderers; then the
# correctness check under load (bench/load.py). Table in bench/results/latest.md.
BENCH_DB ?= esop_bench
BENCH_URL := postgres://postgres@127.0.0.1:5432/$(BENCH_DB)
bench: install
	scripts/system-packages wrk postgresql-client redis-tools
	scripts/services postgresql redis
	dropdb -h 127.0.0.1 -U postgres --if-exists $(BENCH_DB)
	createdb -h 127.0.0.1 -U postgres $(BENCH_DB)
	DATABASE_URL=$(BENCH_URL) $(DEV_ENV) $(PY) manage.py migrate --no-input -v0
	DATABASE_URL=$(BENCH_URL) $(PY) bench/run.py
	DATABASE_URL=$(BENCH_URL) $(PY) bench/load.py

# The whole portal (database and uploaded files) to var/backups/esop-<time>/, and back:
# make restore FROM=var/backups/esop-<time> (add ARGS=--replace to overwrite a database with SOPs).
# PostgreSQL through pg_dump/pg_restore, SQLite through its online backup. See README "Backup".
backup: install
	$(DEV_ENV) $(PY) manage.py backup

restore: install
	@test -n "$(FROM)" || { echo "make restore FROM=var/backups/esop-<waktu>"; exit 2; }
	$(DEV_ENV) $(PY) manage.py restore "$(FROM)" $(ARGS)

# How well the importer reads signed SOP AP PDFs: every PDF of SAMPLES against its expected result in
# tests/digitise/expected (typed from the PDF), per document and in total. Saves nothing.
SAMPLES ?= ../shared/samples ../shared/samples/import-dev
import-eval: install
	$(DEV_ENV) $(PY) manage.py import_eval $(SAMPLES)
