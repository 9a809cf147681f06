"""Archive's use cases, one module per capability."""
