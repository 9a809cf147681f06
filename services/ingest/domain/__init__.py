"""Pure rules of ingest: signatures and challenges, normalisers, rate limits. No I/O."""

from .common import Context, InvalidPayload, Normalised
from .linkedin import normalise_linkedin, notification_ids
from .meta import normalise_meta
from .signatures import (
    linkedin_challenge_problem, linkedin_challenge_response, linkedin_signature_valid, meta_signature_valid,
    web_signature_valid, websub_signature_valid, x_crc_response, x_crc_token_problem, x_signature_valid,
)
from .vimeo import normalise_vimeo_comments
from .web import normalise_web
from .x import normalise_x
from .youtube import normalise_comment_threads, normalise_websub

__all__ = [
    "Context", "InvalidPayload", "Normalised", "linkedin_challenge_problem", "linkedin_challenge_response",
    "linkedin_signature_valid",
    "meta_signature_valid", "normalise_comment_threads", "normalise_linkedin", "normalise_meta",
    "normalise_vimeo_comments", "normalise_web", "normalise_websub", "normalise_x", "notification_ids",
    "web_signature_valid", "websub_signature_valid", "x_crc_response", "x_crc_token_problem", "x_signature_valid",
]
