# The two commands a newcomer needs: `make demo` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
WORKERS ?= 2
RUN_DIR := .run

.PHONY: demo test stop install neo4j seed lint bench clean-neo4j vendor lock sdk

# Python packages at the versions requirements.lock pins (with their hashes), then the
# project itself without resolving again. A stamp file so a second run skips pip when
# neither the lock nor pyproject.toml has changed.
$(BIN)/.installed: requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --upgrade pip
	@$(BIN)/python -m pip install -q -r requirements.lock
	@$(BIN)/python -m pip install -q --no-deps -e .
	@touch $@

# Regenerate requirements.lock from pyproject.toml (the extras dev and load included) with
# pip-tools, kept in its own venv under .venv so it is not one of the app's dependencies.
# Pins already in the lock are kept when they still fit; `make lock LOCK_ARGS=--upgrade`
# moves everything to the newest allowed, `LOCK_ARGS='--upgrade-package neo4j'` one package.
LOCK_TOOLS := $(VENV)/lock-tools
LOCK_ARGS ?=
lock:
	@test -x $(LOCK_TOOLS)/bin/pip-compile || { $(PYTHON) -m venv $(LOCK_TOOLS) && \
		$(LOCK_TOOLS)/bin/python -m pip install -q --upgrade pip 'pip-tools>=7.4'; }
	@$(LOCK_TOOLS)/bin/pip-compile -q --extra dev --extra load --generate-hashes --allow-unsafe \
		--strip-extras --no-emit-index-url --no-emit-find-links $(LOCK_ARGS) \
		-o requirements.lock pyproject.toml
	@echo "requirements.lock regenerated; 'make install' installs it."

# The Python SDK for partner tools (docs/sdk.md): the live spec, dumped from the app factory
# without a server or database, then openapi-python-client (the dev extra) writes
# sdk/python/ anew. Commit sdk/openapi.json and sdk/python/ together.
sdk: install
	@PYTHONPATH=. $(BIN)/python sdk/dump_spec.py sdk/openapi.json
	@PATH=$(abspath $(BIN)):$$PATH $(BIN)/openapi-python-client generate --path sdk/openapi.json --config sdk/config.yml \
		--meta setup --output-path sdk/python --overwrite
	@echo "sdk/python regenerated from sdk/openapi.json; 'pip install ./sdk/python' installs it."

# Browser assets from npm (package-lock.json pins them), copied where the app serves them:
# cytoscape.js for the pages, Swagger UI for /api/docs. --ignore-scripts: we only copy files
# (and swagger-ui-dist's @scarf/scarf would otherwise phone home on install).
VENDOR := web/static/vendor
SWAGGER_UI := api/static/swagger-ui
SWAGGER_UI_FILES := swagger-ui.css swagger-ui-bundle.js swagger-ui-standalone-preset.js LICENSE NOTICE
node_modules/.package-lock.json: package.json package-lock.json
	@npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

$(VENDOR)/cytoscape.min.js: node_modules/.package-lock.json
	@mkdir -p $(VENDOR)
	@cp node_modules/cytoscape/dist/cytoscape.min.js $@

$(SWAGGER_UI)/swagger-ui-bundle.js: node_modules/.package-lock.json
	@mkdir -p $(SWAGGER_UI)
	@cp $(addprefix node_modules/swagger-ui-dist/,$(SWAGGER_UI_FILES)) $(SWAGGER_UI)/

vendor: $(VENDOR)/cytoscape.min.js $(SWAGGER_UI)/swagger-ui-bundle.js

install: $(BIN)/.installed vendor

neo4j: install
	@$(BIN)/referrals neo4j start

seed: neo4j
	@$(BIN)/referrals db init
	@$(BIN)/referrals seed --size demo

demo: seed
	@mkdir -p $(RUN_DIR)
	@$(BIN)/referrals demo-info --url http://$(HOST):$(PORT)
	@echo "Serving on http://$(HOST):$(PORT)  (Ctrl-C to stop the app; 'make stop' also stops Neo4j)"
	@REFERRALS_LOG_FORMAT=text $(BIN)/gunicorn -c server/gunicorn_conf.py --bind $(HOST):$(PORT) \
		--workers $(WORKERS) --threads 4 --pid $(RUN_DIR)/app.pid wsgi:app

test: install
	@$(BIN)/pytest $(PYTEST_ARGS)

stop:
	@if [ -f $(RUN_DIR)/app.pid ]; then kill $$(cat $(RUN_DIR)/app.pid) 2>/dev/null && echo "App stopped." || true; rm -f $(RUN_DIR)/app.pid; fi
	@if [ -x $(BIN)/referrals ]; then $(BIN)/referrals neo4j stop; $(BIN)/referrals neo4j stop --name test >/dev/null; fi

# ruff, then the layer contract (.importlinter, docs/architecture.md)
lint: install
	@$(BIN)/ruff check .
	@$(BIN)/lint-imports --no-cache

bench: neo4j
	@$(BIN)/referrals bench all

clean-neo4j: stop
	rm -rf .neo4j/demo .neo4j/test
