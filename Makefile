# SIPortal — two commands: `make run` (demo portal + worker on http://127.0.0.1:8000) and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
STATIC_MANIFEST := var/staticfiles/staticfiles.json
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test bench install migrate demo worker lint clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "需要 Python 3.11($(PYTHON) 未找到)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

# The demo portal: SQLite in var/, a Celery worker on the filesystem broker, demo accounts printed at start-up.
# DEBUG stays off, as in production: the portal's own error pages, static files collected and served by WhiteNoise.
# Ctrl-C stops the worker and the server once, waiting for a running task to finish (siportal/run_together.py).
run: export DEMO_MODE = true
run: export DEBUG = false
run: $(STAMP) $(STATIC_MANIFEST)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	@echo "启动后台任务进程(Celery worker)与网站: http://$(HOST):$(PORT)/ (Ctrl-C 停止)"
	@exec $(BIN)/python -m siportal.run_together \
	  "$(BIN)/celery -A siportal worker --loglevel=INFO --pool=threads --concurrency=2 -Q default" \
	  "$(BIN)/python manage.py runserver --noreload $(HOST):$(PORT)"

# Collected (and compressed) again only when a static file or the dependencies change: it takes ~15 s.
$(STATIC_MANIFEST): export DEMO_MODE = true
$(STATIC_MANIFEST): $(STAMP) $(shell find static -type f)
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0

worker: $(STAMP)
	$(BIN)/celery -A siportal worker --loglevel=INFO -Q default

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python bench/run.py

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) var .pytest_cache
