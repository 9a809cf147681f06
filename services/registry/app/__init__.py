"""Registry's use cases, one module per capability: the lifecycle commands (`lifecycle`),
the follow-up sweep and activity (`followup`), what the queries answer (`views`), the public
pages (`publishing`), the demo accounts (`demo`) and the pack of a municipality (`policies`)."""
