"""The local harness: what runs the system on one machine for development, tests, demos
and benchmarks (the supervisor behind `make run`, the embedded servers, the platform
simulator, demo data, benchmarks, the AsyncAPI document). No service imports it."""
