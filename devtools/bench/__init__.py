"""Benchmarks that print figures (`python -m devtools.bench <name> [options]`; `--help`
after a name gives its options)."""
