# Two entry points: `make run` and `make test`. Everything else is a step they call.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip install -q --disable-pip-version-check

.PHONY: run test install install-dev lock lint typecheck pytest pytest-postgres test-deps letter-deps document-deps bench bench-web bench-api bench-load bench-caseload bench-reports bench-queue bench-bundle bench-plan-check mutation clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Every installed package is pinned with its hashes (requirements*.txt, made by `make lock`).
install: $(BIN)/python
	$(PIP) --require-hashes -r requirements.txt
	$(PIP) --no-deps -e . --config-settings editable_mode=compat

install-dev: install
	$(PIP) --require-hashes -r requirements-dev.txt

# Re-pin after changing pyproject.toml's dependencies or requirements-dev.in (needs the network).
lock:
	test -x .tools/pip-tools/bin/pip-compile || { $(PYTHON) -m venv .tools/pip-tools && .tools/pip-tools/bin/pip install -q pip-tools==7.6.2; }
	.tools/pip-tools/bin/pip-compile -q --extra web --generate-hashes --strip-extras \
	  --unsafe-package send-redress --no-emit-index-url --no-emit-find-links -o requirements.txt pyproject.toml
	.tools/pip-tools/bin/pip-compile -q --generate-hashes --strip-extras \
	  --no-emit-index-url --no-emit-find-links -o requirements-dev.txt requirements-dev.in

# What WeasyPrint needs to draw PDF letters: Pango, HarfBuzz (with the subsetter, or PDFs take
# 10 times longer), the DejaVu fonts that letters embed, and an emoji font for what DejaVu lacks.
letter-deps:
	scripts/apt-install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
	  fonts-dejavu-core fonts-noto-color-emoji

# What reading and building documents needs (the plan checker's OCR, the Tribunal bundle's DOCX
# pages): Debian's Tesseract with its English data, and LibreOffice Writer without a desktop;
# poppler's pdftoppm (page images for OCR) and pdftotext (a plan's text laid out, tables as rows).
document-deps:
	scripts/apt-install tesseract-ocr tesseract-ocr-eng libreoffice-writer-nogui poppler-utils

# The web service on http://127.0.0.1:8000: gunicorn, 2 workers, SQLite in var/db.sqlite3, and
# one queue worker beside it (e-mail, chronologies, exports; stopped with gunicorn).
run: install letter-deps document-deps
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput -v 0
	$(BIN)/python manage.py clearsessions
	$(BIN)/python manage.py collectstatic --noinput -v 0
	@echo "SEND Redress: http://127.0.0.1:8000/ (Ctrl+C stops it)"
	$(BIN)/python manage.py worker & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; \
	  $(BIN)/gunicorn web.wsgi:application --bind 127.0.0.1:8000 --workers 2 --no-control-socket

# What the tests need besides Python packages, on a fresh Debian 12 machine as root:
# Debian's Chromium (never a downloaded browser), Java and vnu.jar (into .tools/).
test-deps: letter-deps document-deps
	scripts/apt-install chromium libharfbuzz-subset0 poppler-utils
	command -v java >/dev/null || scripts/apt-install default-jre-headless
	scripts/fetch-vnu

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

typecheck: install-dev
	$(BIN)/mypy

pytest: install-dev test-deps
	$(BIN)/pytest -q

# The Django tests (tests/web, tests/cases, tests/advisers, tests/reminders, tests/api, tests/jobs)
# again, on PostgreSQL (a private cluster on 127.0.0.1:55432, always stopped). tests/jobs then also
# runs two gunicorn nodes and two queue workers against it (tests/jobs/test_jobs_nodes.py).
pytest-postgres: install-dev
	scripts/postgres start
	SEND_REDRESS_DATABASE=$$(scripts/postgres url) $(BIN)/pytest -q -p no:cacheprovider -m "not browser" tests/web tests/cases tests/advisers tests/reminders tests/api tests/jobs tests/plans/web tests/reports; \
	  status=$$?; scripts/postgres stop; exit $$status

# One HTML checker (scripts/vnu) for both test runs: each would otherwise start its own Java.
test: lint typecheck install-dev test-deps
	scripts/vnu start
	SEND_REDRESS_VNU_URL=$$(scripts/vnu url) $(MAKE) pytest pytest-postgres; \
	  status=$$?; scripts/vnu stop; exit $$status

bench: install-dev letter-deps
	$(BIN)/python bench/core.py
	$(BIN)/python bench/letters.py
	$(BIN)/python bench/cases.py
	$(BIN)/python bench/reminders.py

# The Tribunal bundle (issue 17): a 300-page bundle built (index, stamps, bookmarks), median
# time against a plain pypdf merge of the same documents, with Word documents, and peak memory.
bench-bundle: install-dev letter-deps document-deps
	$(BIN)/python bench/bundle.py
# The plan checker (issue 16): a 40-page plan checked, OCR seconds per page, precision and recall.
bench-plan-check: install-dev letter-deps document-deps
	$(BIN)/python bench/plan_check.py

# The advisers' caseload with 10,000 cases and 200,000 events, on a private PostgreSQL cluster
# (built in about a minute; always stopped). Figures: docs/advisers-caseload.md.
bench-caseload: install-dev
	scripts/postgres start
	SEND_REDRESS_DATABASE=$$(scripts/postgres url) $(BIN)/python bench/caseload.py; \
	  status=$$?; scripts/postgres stop; exit $$status

# Issue 20: a service's report for a year over 10,000 cases and 100,000 contacts (aim < 300 ms).
bench-reports: install-dev
	scripts/postgres start
	SEND_REDRESS_DATABASE=$$(scripts/postgres url) $(BIN)/python bench/reports.py; \
	  status=$$?; scripts/postgres stop; exit $$status

# wrk against gunicorn (2 workers, 127.0.0.1, 4 s a page x 3 rounds): pages and the partner API
# (POST /api/v1/assess) vs a bare Django view.
bench-web: install
	$(BIN)/python bench/web_bench.py

# Issue 12's load test: 32 connections for 60 s on start, question, result and a signed-in
# dashboard at once, p95 against the hello view; fails on any error.
bench-load: install
	$(BIN)/python bench/load_test.py

# The same, for the bare Django view and the partner API only (POST /api/v1/assess).
bench-api: install
	$(BIN)/python bench/web_bench.py --api-only

# The queue (docs/scaling.md): 1,000 chronology jobs through two workers (jobs per second), and
# the request that enqueues one against the hello view, on a private PostgreSQL cluster.
bench-queue: install-dev letter-deps
	scripts/postgres start
	SEND_REDRESS_DATABASE=$$(scripts/postgres url) $(BIN)/python bench/jobs_bench.py; \
	  status=$$?; scripts/postgres stop; exit $$status

# Mutation testing of the calendar, the clocks and the route rules against tests/core (mutmut;
# settings in pyproject.toml [tool.mutmut]). Not part of `make test`. Incremental: results are kept
# in mutants/ and a second run tries only mutants of changed functions or with new tests.
# Equivalent mutants: tests/core/mutation-equivalent.md. Fails under 95% killed on any module.
mutation: install-dev
	@# mutmut copies a data file into mutants/ only when it is not there yet: drop the old
	@# copies (content YAML, schemas) so a run always reads the content of the tree.
	test ! -d mutants/send_redress || find mutants/send_redress -type f ! -name '*.py' \
	  ! -name '*.meta' ! -name '*.spans' -delete
	$(BIN)/mutmut run --max-children 2
	$(BIN)/python scripts/mutation-score

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .tools var/staticfiles mutants
