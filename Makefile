# The two commands. Both install what they need first (idempotent, cached).
.PHONY: run test

run:  ## Install, start NATS, FerretDB, every service and the staff web UI, load demo data
	@deploy/local/bootstrap.sh
	@.venv/bin/python -m devtools.supervisor

test:  ## Install what the tests need, lint and type-check (a finding fails), then run the whole suite (unit, integration, e2e)
	@deploy/local/bootstrap.sh --test
	@.venv/bin/ruff check .
	@.venv/bin/mypy
	@.venv/bin/python -m pytest --numprocesses=2 --dist=loadfile
