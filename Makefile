# localize: every target works on a fresh clone (each depends on `install`).
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

.PHONY: install translate test bench corpora model langid-model wheel clean

install: $(STAMP)

# torch 2.13.0 first: pip takes the local CPU wheel; without the pin, transformers would pull a CUDA build.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[dev,convert]'
	touch $(STAMP)

# The demo app under examples/demo is copied to build/demo (kept between runs, so a re-run shows the
# memory and the lockfile at work) and translated into de, fr, es, it, pt-BR and ja with the embedded models.
translate: install
	@mkdir -p build
	@[ -d build/demo ] || cp -r examples/demo build/demo
	cd build/demo && ../../$(BIN)/localize translate --report report
	@echo "output: build/demo/po, build/demo/i18n, build/demo/messages"
	@echo "report: build/demo/report/report.html (and report.md, report.json)"

test: install
	$(BIN)/python -m pytest

# All measured figures in README: throughput, protection/QA on real files, glossary compliance, language id.
bench: install
	$(BIN)/python scripts/bench.py
	$(BIN)/python scripts/bench_protect.py
	$(BIN)/python scripts/bench_glossary.py
	$(BIN)/python scripts/bench_langid.py
	$(BIN)/python scripts/eval_model.py

corpora: install
	$(BIN)/python scripts/build_corpora.py

# The built-in language detector (localize/models/langid/ui.npz): Debian catalogs -> naive Bayes, minutes.
langid-model: install
	$(BIN)/python scripts/langid_data.py
	$(BIN)/python scripts/train_langid.py

# The embedded ten-language model is trained on a GPU (scripts/gpu_train.sh, README "GPU recipe"); on this
# CPU, `make model` continues it from its cached checkpoint (~/.cache/localize/train/default), slowly.
MODEL_FLAGS ?= --resume
model: install
	$(BIN)/pip install -q -e '.[train]'
	$(BIN)/localize model train --group default --minutes 60 $(MODEL_FLAGS)

# The installable wheel, embedded models included (README: "The package"), in dist/.
wheel: install
	$(BIN)/python -m pip wheel -q --no-deps -w dist .

clean:
	rm -rf build .pytest_cache
