"""Signed platform deliveries for the tests (shared with `make run`'s demo data)."""

from devtools.sample_deliveries import (  # noqa: F401 - re-exported for the tests
    meta_body,
    meta_signature,
    meta_comment,
    signed_headers,
    json_body,
    meta_feed,
    instagram_comment,
    meta_message,
    x_tweet,
    linkedin_comment,
    youtube_feed,
    web_comment,
)
