# MyIPO recruitment portal. `make run` starts it, `make test` tests it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DEMO_DAYS ?= 30
DEMO_APPLICATIONS ?= 300
SEED_AD := 1

.PHONY: run test install install-dev constraints messages lint format demo clean bench

CONSTRAINTS := requirements/constraints.txt

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))' 2>/dev/null || { echo "$(PYTHON) is not Python 3.11, 3.12 or 3.13: run 'make run PYTHON=python3.13' (or 3.11, 3.12)."; exit 1; }
	@$(PYTHON) -m venv $(VENV) || { echo "Could not create a virtual environment: on Debian run 'apt-get install python3-venv'."; exit 1; }
	$(PY) -m pip install --quiet --upgrade pip

# What running the portal needs, at the versions of the constraints file.
$(VENV)/.installed: pyproject.toml $(CONSTRAINTS) | $(PY)
	$(PY) -m pip install --quiet -c $(CONSTRAINTS) -e .
	@touch $@

# ... and the tools that test, lint and measure it.
$(VENV)/.installed-dev: $(VENV)/.installed
	$(PY) -m pip install --quiet -c $(CONSTRAINTS) -e ".[dev]"
	@touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Pin every package again: a fresh environment with the newest versions pyproject.toml allows, frozen.
constraints:
	rm -rf .venv-constraints
	$(PYTHON) -m venv .venv-constraints
	.venv-constraints/bin/python -m pip install --quiet --upgrade pip
	.venv-constraints/bin/python -m pip install --quiet -e ".[dev]"
	{ head -n 2 $(CONSTRAINTS); .venv-constraints/bin/python -m pip freeze --exclude-editable; } > $(CONSTRAINTS).new
	mv $(CONSTRAINTS).new $(CONSTRAINTS)
	rm -rf .venv-constraints

# Local targets run with debug on: without it the settings refuse the development secret key.
demo messages: export DJANGO_DEBUG ?= 1

# Compile the translation catalogues (msgfmt when gettext is installed, pure Python otherwise).
messages: install
	@if command -v msgfmt >/dev/null 2>&1; then \
		$(PY) manage.py compilemessages --ignore=.venv --verbosity 0; \
	else \
		$(PY) -c 'import pathlib, polib; [polib.pofile(str(p)).save_as_mofile(str(p.with_suffix(".mo"))) for p in pathlib.Path("locale").rglob("*.po")]'; \
	fi

demo: install messages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py loaddata advertisement-2023
	$(PY) manage.py readvertise $(SEED_AD) --days $(DEMO_DAYS) --if-none-open
	$(PY) manage.py make_sample_campaign open --count $(DEMO_APPLICATIONS)
	$(PY) manage.py create_demo_staff

run: export DJANGO_DEBUG ?= 1
run: export DJANGO_LOG_FORMAT ?= text
run: export DJANGO_REQUEST_LOG_LEVEL ?= WARNING
run: demo
	@echo "E-mails (verification links, acknowledgements) are printed in this terminal; requests once, by runserver."
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install-dev messages
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

# Benchmarks: figures with same-run baselines, written to bench/RESULTS.md
bench: install-dev messages
	$(PY) bench/run.py
