# The index of what a person can run. Every target is idempotent; settings come
# from the environment: GOV_DB (govcrm), GOV_HTTP_PORT (8069), GOV_PG_PORT (55432),
# GOV_TEST_DB (govcrm_test), GOV_TEST_HTTP_PORT (8169), GOV_PYTHON (a python3.7).
SHELL := /bin/bash
GOV := scripts/gov.sh

.PHONY: run test test-lib lint test-odoo test-odoo-bare stop reset shell setup help data bench cluster cluster-stop \
	bench-failover

help:
	@echo "make run    set up everything and serve http://127.0.0.1:$${GOV_HTTP_PORT:-8069}"
	@echo "make test   set up what tests need, build a fresh test database, run every test"
	@echo "            (the product's, then Odoo's own tests of the core addons it builds on)"
	@echo "make test-lib  the tests of the plain-Python package gov_crm/lib (no Odoo, no database)"
	@echo "               on Python 3.7 (.venv) and 3.11 (.venv-lib), in seconds"
	@echo "make lint   flake8, pylint with pylint-odoo and the OCA XML/PO checks over every addon"
	@echo "            (the linters in .venv-lint, Python 3.11, pinned by requirements/lint.txt)"
	@echo "make test-odoo       Odoo's own tests of those addons on the existing test database"
	@echo "make test-odoo-bare  check that each known failure of Odoo's tests fails without the product"
	@echo "make stop   stop the server and the PostgreSQL cluster"
	@echo "make cluster       two Odoo nodes behind HAProxy, a PostgreSQL primary and hot standby"
	@echo "                   (http://127.0.0.1:$${GOV_CLUSTER_HTTP_PORT:-8272}); make cluster-stop stops them"
	@echo "make bench-failover  kill a node, then the primary, under load on the cluster (bench/failover.py)"
	@echo "make reset  drop and recreate the demo database"
	@echo "make shell  odoo shell on the demo database"

run:
	@$(GOV) run

test:
	@$(GOV) test

test-lib:
	@$(GOV) test_lib

lint:
	@$(GOV) lint

test-odoo:
	@$(GOV) odoo_tests

test-odoo-bare:
	@$(GOV) odoo_bare

stop:
	@$(GOV) stop

cluster:
	@scripts/cluster.sh start

cluster-stop:
	@scripts/cluster.sh stop

bench-failover:
	@scripts/cluster.sh failover_bench

reset:
	@$(GOV) reset

shell:
	@$(GOV) shell

setup:
	@$(GOV) setup

data:
	@SIZE=$(or $(SIZE),small) bench/data.sh

bench:
	@bench/run.sh
