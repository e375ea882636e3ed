# The README's two commands are `make run` and `make test`; everything else supports them.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# Local runs need no configuration: a secret kept in a git-ignored file, plain HTTP on localhost.
RUN_ENV := SECRET_KEY="$$(cat .secret_key)" SECURE_SSL_REDIRECT=false SECURE_COOKIES=false SECURE_HSTS_SECONDS=0

.PHONY: run test install install-test lint format bench worker beat token clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the dependencies change.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

.secret_key: | $(BIN)/python
	$(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))' > $@
	chmod 600 $@

## run: set up everything, load the demo articles and serve the dashboard on http://127.0.0.1:8000/
run: install .secret_key
	$(RUN_ENV) $(MANAGE) migrate --noinput
	$(RUN_ENV) $(MANAGE) collectstatic --noinput -v 0
	$(RUN_ENV) $(MANAGE) load_demo
	$(RUN_ENV) $(MANAGE) ensure_admin
	@echo "Dashboard: http://127.0.0.1:8000/   Admin: http://127.0.0.1:8000/admin/   API: http://127.0.0.1:8000/api/docs/"
	$(RUN_ENV) $(MANAGE) runserver 127.0.0.1:8000

## test: install the test dependencies and run the whole suite (SQLite unless DATABASE_URL is set)
test: install-test
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## bench: the measured figures in BENCHMARKS.md (needs PostgreSQL, Redis and ../shared/corpus)
bench: install-test
	$(BIN)/python bench/run_all.py

worker: install .secret_key
	$(RUN_ENV) $(BIN)/celery -A defensetrack.celery worker --loglevel=INFO

beat: install .secret_key
	$(RUN_ENV) $(BIN)/celery -A defensetrack.celery beat --loglevel=INFO

## token: an API token for USER (default admin), for the API's writes
token: install .secret_key
	$(RUN_ENV) $(MANAGE) drf_create_token $(or $(USER_NAME),admin)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache .hypothesis
