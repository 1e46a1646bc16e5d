# The front door: `make run` to try the portal, `make test` to test it.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 0.0.0.0
WEB_CONCURRENCY ?= $(shell nproc 2>/dev/null || echo 2)
DEV := DJANGO_DEBUG=1
# Production-like values for the deploy check only.
DEPLOY_ENV := DJANGO_DEBUG=0 DJANGO_SECRET_KEY=check-$$(printf 'k%.0s' {1..60})-deploy \
	DJANGO_ALLOWED_HOSTS=news.example.com DJANGO_SECURE_HSTS_SECONDS=31536000 \
	DJANGO_SECURE_HSTS_PRELOAD=1

.PHONY: run test lint check messages serve audit audit-fast lock bench bench-servers bench-two-servers bench-counters install install-dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.runtime: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q .
	touch $@

$(VENV)/.dev: pyproject.toml $(VENV)/.runtime
	$(BIN)/pip install -q '.[dev]'
	touch $@

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

run: install
	$(DEV) $(BIN)/python manage.py migrate --noinput -v0
	$(DEV) $(BIN)/python manage.py sync_roles
	$(DEV) $(BIN)/python manage.py load_demo
	@echo
	@echo "Site:  http://127.0.0.1:8000/"
	@echo "Admin: http://127.0.0.1:8000/admin/"
	@echo "Demo logins (role, username, password; kept in var/demo-logins.json):"
	@$(DEV) $(BIN)/python manage.py ensure_demo_users
	@echo
	$(DEV) PORTAL_DEMO_NOTICE=1 exec $(BIN)/python manage.py runserver 127.0.0.1:8000

test: install-dev
	$(DEV) $(BIN)/pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: install-dev
	$(DEV) $(BIN)/python manage.py check
	$(DEV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(DEPLOY_ENV) $(BIN)/python manage.py check --deploy --fail-level WARNING

# Arabic for the strings Django and django-axes ship untranslated (locale/ar): edit the
# .po files, then compile (needs GNU gettext: apt-get install gettext). Both are committed.
messages: install
	cd locale && $(DEV) ../$(BIN)/python ../manage.py compilemessages -l ar

# The production server, chosen by measurement (docs/serving.md): granian
# (WSGI), one worker per core, one Python thread per worker. WSGI_SERVER=gunicorn-sync or
# gunicorn-gthread switch back for comparison; WSGI_APP serves another WSGI module.
WSGI_SERVER ?= granian
WSGI_APP ?= portal.wsgi:application
WEB_THREADS ?= 4
SERVER_granian := $(BIN)/granian --interface wsgi --host $(HOST) --port $(PORT) \
	--workers $(WEB_CONCURRENCY) --blocking-threads 1 --no-ws --access-log \
	--respawn-failed-workers $(WSGI_APP)
SERVER_gunicorn-sync := $(BIN)/gunicorn $(WSGI_APP) --bind $(HOST):$(PORT) \
	--workers $(WEB_CONCURRENCY) --access-logfile - --error-logfile - --forwarded-allow-ips='*'
SERVER_gunicorn-gthread := $(SERVER_gunicorn-sync) --threads $(WEB_THREADS)

serve: install
	@test -n "$(SERVER_$(WSGI_SERVER))" || { echo "unknown WSGI_SERVER=$(WSGI_SERVER)"; exit 2; }
	$(BIN)/python manage.py check_database
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py sync_roles
	DJANGO_CONN_MAX_AGE=$${DJANGO_CONN_MAX_AGE:-600} exec $(SERVER_$(WSGI_SERVER))

# Load benchmark on PostgreSQL + Redis (docs/benchmark.md, whose figures it rewrites); wrk from Debian.
bench: install
	@command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
	WSGI_SERVER=$(WSGI_SERVER) $(BIN)/python -m bench.run

# Two servers, one PostgreSQL, one Redis (its own, on 6390): shared cache, invalidation,
# exact counting across both, and Redis stopped mid-run.
bench-two-servers: install
	@command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
	WSGI_SERVER=$(WSGI_SERVER) $(BIN)/python -m bench.two_servers

# The serving-path comparison behind the choice of WSGI_SERVER.
bench-servers: install
	@command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
	WSGI_SERVER=$(WSGI_SERVER) $(BIN)/python -m bench.compare_servers

# The counter strategies behind sharded view counts, straight against PostgreSQL
# (DATABASE_URL). Counting through the site under load is a row of `make bench`.
bench-counters: install
	$(BIN)/python bench/counter_strategies.py

# The attack and fault suite (docs/audit.md): outside tools in their own virtualenvs
# (.venv-audit/), hostile inputs, faults on a private PostgreSQL and Redis. One table;
# exit 1 on any finding, 5xx or lost write. Not in CI yet (see docs/audit.md).
audit: install-dev
	$(BIN)/python -m audit.run

audit-fast: install-dev
	$(BIN)/python -m audit.run --fast

# Refresh requirements.lock (what pip-audit audits) from pyproject.toml's ranges.
lock: install
	$(BIN)/python -c "from audit import tools; tools.ensure_tools(('pip-tools',))"
	.venv-audit/pip-tools/bin/pip-compile --quiet --strip-extras --no-header \
		--no-emit-index-url --no-emit-find-links --output-file requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) staticfiles
