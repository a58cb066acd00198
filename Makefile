# e-SOP portal. Two commands for a newcomer: `make run` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV := $(shell command -v uv 2>/dev/null || echo $(VENV)-uv/bin/uv)
DEV_ENV := DEBUG=1
TEST_ENV := SECRET_KEY=test-only-not-a-secret

.PHONY: run test install lint format migrate clean messages bench

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

run: migrate
	$(DEV_ENV) $(PY) manage.py seed_demo
	@echo "Portal: http://127.0.0.1:8000  (berhenti: Ctrl+C)"
	@# The scheduler (catch-up, then the daily jobs on their hour) lives as long as the server does.
	$(DEV_ENV) $(PY) manage.py scheduler & scheduler=$$!; trap 'kill $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:8000

test: install
	scripts/system-packages
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) $(VENV)-uv var .pytest_cache .ruff_cache

# Refresh the English catalogue after changing user-facing text (needs gettext's msgfmt).
messages: install
	$(DEV_ENV) $(PY) manage.py makemessages -l en --ignore=.venv --ignore=var --ignore=tests --ignore=bench --no-obsolete
	$(DEV_ENV) $(PY) manage.py compilemessages -l en

# Timings (never asserted in tests): renderer and PDF now; pages under load come with the benchmark issue.
bench: install
	$(PY) bench/render.py
