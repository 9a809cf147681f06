"""Pure rules of notify: alert rules, routing, crisis-broadcast checks and state (no I/O)."""
