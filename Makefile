# The two commands of the README: `make demo` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
OUT ?= build/demo

.PHONY: demo serve test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,dask,postgres]'
	touch $(STAMP)

# The demo corpus holds one deliberately broken file: newsprism reports it on one line and
# exits with status 1 ("some inputs failed") after analysing the rest, which is success here.
demo: $(STAMP)
	$(BIN)/newsprism analyze demo/corpus --meta demo/corpus/meta.csv --json $(OUT)/report.json --html $(OUT)/html \
		|| { status=$$?; test $$status -eq 1 && echo "(the broken file above is part of the demo: the other articles were analysed)"; }

# The web app over an archive of the demo corpus (ingest is idempotent: run it again freely).
serve: $(STAMP)
	$(BIN)/newsprism ingest demo/corpus --meta demo/corpus/meta.csv --db $(OUT)/archive.db --quiet || test $$? -eq 1
	$(BIN)/newsprism serve --db $(OUT)/archive.db

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf build .pytest_cache
