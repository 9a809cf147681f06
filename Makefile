# The two commands. Both install what they need first (idempotent, cached).
.PHONY: run test

run:  ## Install, start NATS, FerretDB, every service and the staff web UI, load demo data
	@deploy/local/bootstrap.sh
	@.venv/bin/python -m shared.runtime.supervisor

test:  ## Install what the tests need, then run the whole suite (unit, integration, e2e)
	@deploy/local/bootstrap.sh --test
	@.venv/bin/python -m pytest --numprocesses=2 --dist=loadfile
