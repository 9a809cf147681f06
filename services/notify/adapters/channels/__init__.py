"""Where alerts go: live to the staff web UI (SSE), e-mail over SMTP, chat webhooks."""
