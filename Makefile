# The two commands users need: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint format lock bench clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock package-lock.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e '.[dev]'
	# axe-core and the Statuspage widget for the browser tests; skipped where npm is absent.
	if command -v npm >/dev/null; then npm ci --no-audit --no-fund --silent; fi
	touch $(STAMP)

run: install
	./scripts/run

test: export SECRET_KEY ?= test-only-secret-key-not-for-production
test: install
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/pytest --cov --cov-report=term:skip-covered $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	# The type check reads settings, which want a secret and a database URL; it connects to neither.
	DEBUG=1 SECRET_KEY=lint-only DATABASE_URL=sqlite://:memory: $(BIN)/mypy incidents tracker
	# The check needs no database; an in-memory one spares a warning about a missing one.
	DEBUG=1 SECRET_KEY=lint-only DATABASE_URL=sqlite://:memory: $(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Re-pin the whole dependency tree after changing pyproject.toml.
lock:
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/pip freeze --exclude-editable | grep -v '^-e ' > requirements.lock

bench: install
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) var
