"""Ingest's Prometheus metrics."""

from __future__ import annotations

from prometheus_client import Counter, Gauge

DELIVERIES = Counter("kanalvakt_ingest_deliveries_total", "Deliveries by platform and outcome",
                     ["platform", "outcome"])
EVENTS_PUBLISHED = Counter("kanalvakt_ingest_events_published_total", "Events acked by JetStream", ["platform"])
SIGNATURE_FAILURES = Counter("kanalvakt_ingest_signature_failures_total",
                             "Deliveries refused for a missing or wrong signature", ["platform"])
REJECTED = Counter("kanalvakt_ingest_requests_rejected_total", "Requests refused before processing",
                   ["platform", "status"])
SPOOLED = Counter("kanalvakt_ingest_spooled_total", "Deliveries written to the local spool", ["platform"])
SPOOL_DEPTH = Gauge("kanalvakt_ingest_spool_depth", "Deliveries waiting in the local spool")
POLLS = Counter("kanalvakt_ingest_polls_total", "Polls by platform and outcome", ["platform", "outcome"])
