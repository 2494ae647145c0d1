# Two commands: `make run` (pipeline once on seeds/ into data/) and `make test`.
# `make bench` times the pipeline on $(SHARED)/news (BENCH_ARGS="--articles 100000" for the scaled run).
# `make lint`: ruff (src, flows, tests, scripts), sqlfluff (sql/, expectations/*.sql) and the import layers.
# `make model` retrains the packaged NER model from ../shared/data (see src/akhbar/ner/model/MODEL_CARD.md).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

SHARED ?= ../shared/data
NER    := src/akhbar/ner/model

BENCH_ARGS ?=

.PHONY: run test lint bench clean model

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -c constraints.txt -e ".[test,lint]"
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/akhbar run

test: $(STAMP)
	$(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check src flows tests scripts
	$(VENV)/bin/sqlfluff lint sql expectations
	$(VENV)/bin/lint-imports

bench: $(STAMP)
	$(VENV)/bin/akhbar bench --source $(SHARED)/news $(BENCH_ARGS)

model: $(STAMP)
	$(VENV)/bin/akhbar ner-clusters --source $(SHARED)/news --conll $(SHARED)/anercorp/train.conll \
		--conll $(SHARED)/aqmar/train.conll --out $(NER)/clusters.tsv
	$(VENV)/bin/akhbar ner-embeddings --source $(SHARED)/news --source $(SHARED)/unlabeled \
		--conll $(SHARED)/anercorp/train.conll --out build/ner/vectors.npz
	$(VENV)/bin/akhbar train-ner --conll $(SHARED)/anercorp/train.conll --embeddings build/ner/vectors.npz \
		--out $(NER)

clean:
	rm -rf data/ build/
