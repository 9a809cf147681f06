"""The request machinery every page shares: security headers, sessions, CSRF, role
checks, rendering and the audit trail."""

from __future__ import annotations

import hmac
import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, Undefined, select_autoescape
from markupsafe import Markup
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.contracts.base import utcnow
from shared.logging import get_logger

from shared.contracts.commands import CommandResult

from .config import DashboardSettings
from .deps import Deps
from .domain import labels
from .domain.permissions import Permission, allowed
from .domain.staff import AuditEntry, Session, StaffUser

log = get_logger(__name__)

COOKIE = "kv_session"
PRELOGIN_COOKIE = "kv_prelogin"  # the login form's CSRF token (no session document before login)
OIDC_COOKIE = "kv_oidc"  # an OIDC login in progress: state, nonce, PKCE verifier
# No inline script or style anywhere: comment text is hostile, and this makes an
# injected <script> or on*= attribute inert even if escaping ever failed.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


class SecurityHeaders:
    """Adds the security headers to every response, and `no-store` to every page."""

    def __init__(self, app: ASGIApp, *, always_https: bool = False) -> None:
        self.app = app
        self.always_https = always_https

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        is_static = scope["path"].startswith("/static/")
        # Over HTTPS (directly, via the trusted proxy's X-Forwarded-Proto, or a public URL
        # that is https) the browser is told never to use plain HTTP for this site again.
        https = self.always_https or scope.get("scheme") == "https"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                if not is_static and b"cache-control" not in present:
                    headers.append((b"cache-control", b"no-store"))
                if https and b"strict-transport-security" not in present:
                    headers.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class SilentUndefined(Undefined):
    """A field another service did not send renders as nothing, not as an error page."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return self


# Control and bidirectional formatting characters in text from outside (a comment, a
# name): a right-to-left override shown raw reorders what staff read ("gnp.exe" as
# "exe.png"), a NUL hides what follows in some tools. Shown as visible ‹U+202E› instead.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible_controls(value: Any) -> Any:
    """Every template output passes here (Jinja's `finalize`), escaped HTML included. A
    field another service left empty (`null`) shows as nothing, never as the word None."""
    if value is None:
        return ""
    if isinstance(value, str) and _INVISIBLE.search(value):
        shown = _INVISIBLE.sub(lambda m: f"\u2039U+{ord(m.group()):04X}\u203a", value)
        return Markup(shown) if isinstance(value, Markup) else shown
    return value


def make_templates() -> Environment:
    env = Environment(
        loader=FileSystemLoader(Path(__file__).with_name("templates")),
        autoescape=select_autoescape(default=True, default_for_string=True),  # always on
        undefined=SilentUndefined,
        finalize=visible_controls,
    )
    env.filters["local_time"] = labels.local_time
    env.filters["iso_utc"] = labels.iso_utc
    env.filters["safe_url"] = labels.safe_url
    env.filters["from_ms"] = labels.from_ms
    env.filters["decision_label"] = labels.decision_label
    env.filters["severity_label"] = lambda s: labels.SEVERITY_LABELS.get(str(s), str(s) if s else "–")
    env.filters["role_label"] = lambda r: labels.ROLE_LABELS.get(r, str(r) if r else "–")
    env.filters["urlq"] = lambda v: quote(str(v) if v is not None else "", safe="")
    env.globals["DECISIONS"] = labels.DECISIONS
    env.globals["CATEGORY_LABELS"] = labels.CATEGORY_LABELS
    env.globals["INTENT_LABELS"] = labels.INTENT_LABELS
    env.globals["STATUS_LABELS"] = labels.STATUS_LABELS
    env.globals["CLOCK_LABELS"] = labels.CLOCK_LABELS
    env.globals["CLOCK_STATES"] = labels.CLOCK_STATES
    env.globals["ACCOUNT_STATES"] = labels.ACCOUNT_STATES
    env.globals["ACCOUNT_VERBS"] = labels.ACCOUNT_VERBS
    env.globals["ROLE_LABELS"] = labels.ROLE_LABELS
    env.globals["highlight"] = labels.highlight
    return env


# Compiled on first use, then kept: one environment for every page of the process.
TEMPLATES = make_templates()


NAV = [
    ("/moderering", "Modereringskö", Permission.moderate_view),
    ("/larm", "Larm", Permission.alerts_view),
    ("/kris", "Krisutskick", Permission.crisis_view),
    ("/register", "Kontoregister", Permission.registry_view),
    ("/arkiv", "Arkiv", Permission.archive_view),
    ("/rapporter", "Rapporter", Permission.reports_view),
    ("/policy", "Policypaket", Permission.policy_view),
    ("/system", "System", Permission.system_view),
    ("/anvandare", "Användare", Permission.users_manage),
    ("/logg", "Granskningslogg", Permission.audit_view),
]


@dataclass
class Ctx:
    """One request's view of the app: who is logged in, their CSRF token, the form."""

    deps: Deps
    request: Request
    token: str | None
    session: Session | None
    user: StaffUser | None
    form: FormData | None = None
    now: datetime = field(default_factory=utcnow)
    set_cookie: str | None = None
    set_prelogin: str | None = None

    @property
    def municipality(self) -> str:
        return self.user.municipality if self.user else self.deps.settings.municipality

    def can(self, permission: Permission | str) -> bool:
        return self.user is not None and allowed(set(self.user.roles), Permission(permission))

    def field(self, name: str, max_length: int = 10_000) -> str:
        value = self.form.get(name) if self.form is not None else None
        return value.strip()[:max_length] if isinstance(value, str) else ""

    def render(self, template_name: str, /, status: int = 200, **values: Any) -> Response:
        flash = self.session.flash if self.session else None
        nav = [(href, label) for href, label, perm in NAV if self.can(perm)]
        html = TEMPLATES.get_template(template_name).render(
            user=self.user, csrf=self.session.csrf if self.session else "", nav=nav, path=self.request.url.path,
            flash=flash, can=self.can, now=self.now, municipality=self.municipality,
            oidc_enabled=self.deps.settings.oidc_enabled, oidc_label=self.deps.settings.oidc_label, **values)
        response = HTMLResponse(html, status_code=status)
        return self.finish(response)

    def finish(self, response: Response) -> Response:
        if self.set_cookie:
            set_session_cookie(response, self.set_cookie, self.deps.settings)
        if self.set_prelogin:
            response.set_cookie(PRELOGIN_COOKIE, self.set_prelogin, httponly=True,
                                secure=self.deps.settings.cookie_secure,
                                samesite="lax", path="/", max_age=3600)
        return response

    async def flash(self, message: str) -> None:
        """A one-line message shown on the next page (after a POST-redirect-GET)."""
        if self.session and self.token:
            self.session.flash = message
            await self.deps.store.set_flash(self.token, message)

    async def take_flash(self) -> None:
        if self.session and self.session.flash and self.token and self.request.method == "GET":
            await self.deps.store.set_flash(self.token, None)

    async def audit(self, action: str, *, target: str = "", reason: str = "",
                    result: CommandResult[object] | None = None, outcome: str | None = None,
                    details: dict[str, Any] | None = None) -> None:
        assert self.user is not None
        entry = AuditEntry(
            municipality=self.user.municipality, user_id=self.user.user_id, name=self.user.name,
            roles=[str(r) for r in self.user.roles], action=action, target=target, reason=reason,
            outcome=outcome or ("ok" if result and result.ok else "refused"),
            message=result.message if result else "", details=details or {})
        await self.deps.store.add_audit(entry)
        log.info("audit", action=action, target=target, outcome=entry.outcome, user_id=self.user.user_id)

    @property
    def address(self) -> str:
        return self.request.client.host if self.request.client else "unknown"

    async def audit_refusal(self, action: str, *, target: str, details: dict[str, Any]) -> None:
        """A refused login or form, logged in or not: who (if known), from where, what.
        Bounded by the audit budget so a flood of refusals cannot flood the log."""
        left_out = self.deps.audit_budget.take(self.deps.audit_budget.clock())
        if left_out is None:
            log.warning("audit.left_out", action=action, path=self.request.url.path)
            return
        who = self.user
        entry = AuditEntry(
            municipality=self.municipality, user_id=who.user_id if who else "", name=who.name if who else "okänd",
            roles=[str(r) for r in who.roles] if who else [], action=action, target=target[:200],
            outcome="refused", details={"address": self.address, "path": self.request.url.path, **details},
            message=(f"{left_out} nekade försök före detta skrevs inte i loggen (för många på kort tid)."
                     if left_out else ""))
        await self.deps.store.add_audit(entry)
        log.info("audit", action=action, target=target[:200], outcome="refused", user_id=entry.user_id)

    def with_user(self, user: StaffUser) -> Ctx:
        """This request as the person who just logged in (for the audit entry of the login)."""
        self.user = user
        return self

    def redirect(self, url: str) -> Response:
        return self.finish(RedirectResponse(url, status_code=303))


def set_session_cookie(response: Response, token: str, settings: DashboardSettings) -> None:
    response.set_cookie(COOKIE, token, httponly=True, secure=settings.cookie_secure, samesite="lax", path="/",
                        max_age=settings.session_max_hours * 3600)


def read_oidc_cookie(request: Request) -> dict[str, str]:
    try:
        value = json.loads(request.cookies.get(OIDC_COOKIE) or "{}")
    except ValueError:
        return {}
    return {k: v for k, v in value.items() if isinstance(v, str) and len(v) <= 200} if isinstance(value, dict) else {}


def set_oidc_cookie(response: Response, values: dict[str, str] | None, settings: DashboardSettings) -> None:
    """The OIDC login in progress (10 minutes to finish it), or None to forget it."""
    if values is None:
        response.delete_cookie(OIDC_COOKIE, path="/login", secure=settings.cookie_secure, httponly=True,
                               samesite="lax")
        return
    response.set_cookie(OIDC_COOKIE, json.dumps(values), httponly=True, secure=settings.cookie_secure,
                        samesite="lax", path="/login", max_age=600)


def safe_next(value: str | None) -> str:
    """Only local paths after login: no open redirect to another site."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/"


Handler = Callable[[Ctx], Awaitable[Response]]


def forbidden(ctx: Ctx, message: str = "Du har inte behörighet till den här sidan eller åtgärden.") -> Response:
    return ctx.render("error.html", status=403, title="Ingen behörighet", message=message)


def guard(deps: Deps, handler: Handler, permission: Permission | None = None, *, public: bool = False
          ) -> Callable[[Request], Awaitable[Response]]:
    """Wrap a page: load the session, require login and the permission, check CSRF on POST."""

    async def endpoint(request: Request) -> Response:
        token = request.cookies.get(COOKIE)
        session = await deps.sessions.load(token)
        user = await deps.store.user(session.user_id) if session and session.user_id else None
        if user is not None and not user.active:
            user = None
        ctx = Ctx(deps=deps, request=request, token=token if session else None, session=session, user=user)
        if session is None and public:  # the login form's CSRF token, kept in a cookie only
            ctx.session, ctx.set_prelogin = deps.sessions.prelogin(request.cookies.get(PRELOGIN_COOKIE),
                                                                  read_oidc_cookie(request))
        if not public and user is None:
            if request.method == "GET" and request.headers.get("accept", "").startswith("text/event-stream"):
                return Response("Inte inloggad", status_code=401)
            target = "/login?next=" + quote(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
            return ctx.redirect(target if request.method == "GET" else "/login")
        if request.method == "POST":
            try:
                ctx.form = await request.form(max_files=0, max_fields=200)
            except Exception:  # noqa: BLE001 - a body Starlette cannot parse is the sender's error
                return ctx.render("error.html", status=400, title="Felaktigt formulär",
                                  message="Formuläret kunde inte läsas.")
            sent = ctx.form.get("csrf")
            if not isinstance(sent, str) or not ctx.session or not hmac.compare_digest(sent, ctx.session.csrf):
                await ctx.audit_refusal("csrf.refused", target=request.url.path,
                                        details={"token": "fel" if isinstance(sent, str) and sent else "saknas"})
                return ctx.render("error.html", status=403, title="Formuläret har gått ut",
                                  message="Sidan var för gammal eller kom inte härifrån. "
                                          "Ladda om sidan och försök igen.")
        if permission and not ctx.can(permission):
            if user is not None and request.method == "POST":
                await ctx.audit(f"denied:{request.url.path}", outcome="refused",
                                details={"permission": str(permission)})
            return forbidden(ctx)
        response = await handler(ctx)
        await ctx.take_flash()
        return response

    return endpoint
