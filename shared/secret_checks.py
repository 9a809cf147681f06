"""No secret has a usable default outside demo mode (ARCHITECTURE "Trust").

Each service's settings name their secrets (`secret_settings()`); at start the runtime
refuses (`InsecureSettings`, naming every setting at fault) one that is empty, shorter
than `MIN_LENGTH`, or one of the values published in this repository. In demo/exercise
mode (`KANALVAKT_DEMO_MODE`, or `KANALVAKT_SEED_DEMO` as `make run` sets it) the same
findings are only logged, so a developer can start one service by hand.
"""

from __future__ import annotations

from collections.abc import Iterable

from .logging import get_logger

log = get_logger(__name__)

MIN_LENGTH = 16
# Every value this repository ever shipped as a default or example: public, never secret.
PUBLISHED = frozenset({
    "dev-meta-app-secret", "dev-meta-verify-token", "dev-x-consumer-secret", "dev-linkedin-client-secret",
    "dev-youtube-hub-secret", "dev-web-secret", "demo-kanalvakt", "changeme", "change-me", "secret",
})


class InsecureSettings(RuntimeError):
    """A service refuses to start with a public, empty or too short secret."""


def problem(value: str | None) -> str | None:
    """Why `value` cannot be a secret, or None."""
    if value is None or value.strip() == "":
        return "is empty"
    if value.strip().lower() in PUBLISHED:
        return "is a published development value"
    if len(value) < MIN_LENGTH:
        return f"is shorter than {MIN_LENGTH} characters"
    return None


def findings(secrets: Iterable[tuple[str, str | None]]) -> list[str]:
    """`KANALVAKT_<SETTING> <why>` for each (setting, value) that is no secret."""
    out = []
    for setting, value in secrets:
        why = problem(value)
        if why:
            out.append(f"{setting} {why}")
    return out


def refuse_public_secrets(service: str, found: list[str], *, demo_mode: bool) -> None:
    if not found:
        return
    if demo_mode:
        log.warning("secrets.public_in_demo_mode", service=service, settings=found)
        return
    raise InsecureSettings(
        f"{service} refuses to start: " + "; ".join(found)
        + ". Set each to the platform's real secret or a long random value (`make run` generates them into"
        " var/secrets.env; see README.md, Secrets), or run in demo mode (KANALVAKT_DEMO_MODE=true) on a"
        " machine no one else reaches.")
