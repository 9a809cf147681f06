"""Registry's adapters: the account store (MongoDB) and the outbox that publishes what a
change queued (NATS JetStream)."""
