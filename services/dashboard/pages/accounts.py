"""Login (local and OpenID Connect), logout, staff accounts and the audit log."""

from __future__ import annotations

import math
import re

from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from shared.contracts.base import new_id
from shared.contracts.commands import Role
from shared.logging import get_logger

from ..adapters.oidc import OidcError, roles_from_claims
from ..app.auth import hash_password, new_user, password_problem, verify_password
from ..deps import Deps
from ..domain.permissions import Permission
from ..domain.staff import USERNAME_PATTERN, UserChanges
from ..web import COOKIE, Ctx, guard, safe_next, set_oidc_cookie, set_session_cookie

log = get_logger(__name__)


async def login_form(ctx: Ctx) -> Response:
    if ctx.user:
        return ctx.redirect(safe_next(ctx.request.query_params.get("next")))
    return ctx.render("login.html", next=safe_next(ctx.request.query_params.get("next")), error=None)


async def login(ctx: Ctx) -> Response:
    username, password = ctx.field("username", 64), ctx.field("password", 1024)
    target = safe_next(ctx.field("next", 2000))
    address = ctx.address
    typed, now = username.lower(), ctx.deps.throttle.clock()
    if (wait := math.ceil(ctx.deps.throttle.wait(address=address, username=typed, now=now))) > 0:
        log.warning("login.throttled", wait_s=wait, username_length=len(username))
        seconds = "sekund" if wait == 1 else "sekunder"
        response = ctx.render("login.html", status=429, next=target, username=username, error=(
            f"För många misslyckade inloggningar. Vänta {wait} {seconds} och försök igen."))
        response.headers["Retry-After"] = str(wait)
        return response
    user, error = await ctx.deps.sessions.authenticate(username, password) if username and password else (
        None, "Fyll i användarnamn och lösenord.")
    if user is None:
        if username and password:  # an attempt the throttle counts (an empty form tried nothing)
            ctx.deps.throttle.failed(address=address, username=typed, now=now)
            await ctx.audit_refusal("login.failed", target=username, details={"method": "password"})
        log.info("login.failed", username_length=len(username))
        return ctx.render("login.html", status=401, next=target, error=error, username=username)
    ctx.deps.throttle.succeeded(address=address, username=typed)
    token, _ = await ctx.deps.sessions.login(ctx.token, user)
    log.info("login.ok", user_id=user.user_id, method="password")
    await ctx.with_user(user).audit("login", outcome="ok", details={"method": "password"})
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(response, token, ctx.deps.settings)
    return response


async def logout(ctx: Ctx) -> Response:
    if ctx.user:
        await ctx.audit("logout", outcome="ok")
    if ctx.token:
        await ctx.deps.store.drop_session(ctx.token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/", secure=ctx.deps.settings.cookie_secure, httponly=True, samesite="lax")
    return response


def redirect_uri(ctx: Ctx) -> str:
    base = ctx.deps.settings.public_url.rstrip("/") or str(ctx.request.base_url).rstrip("/")
    return base + "/login/oidc/callback"


async def oidc_start(ctx: Ctx) -> Response:
    if not ctx.deps.settings.oidc_enabled:
        return ctx.render("error.html", status=404, title="Inte konfigurerat",
                          message="Inloggning med organisationskonto är inte aktiverad.")
    try:
        url, state, nonce, verifier = await ctx.deps.oidc.start(redirect_uri(ctx))
    except (OidcError, OSError, KeyError) as exc:
        return ctx.render("login.html", status=502, next="/", error=str(exc) if isinstance(exc, OidcError)
                          else "Inloggningstjänsten svarar inte just nu.")
    response = ctx.finish(RedirectResponse(url, status_code=302))
    set_oidc_cookie(response, {"state": state, "nonce": nonce, "verifier": verifier}, ctx.deps.settings)
    return response


async def oidc_callback(ctx: Ctx) -> Response:
    params = ctx.request.query_params
    session = ctx.session
    if not ctx.deps.settings.oidc_enabled or not session or not session.oidc_state:
        return ctx.render("login.html", status=400, next="/",
                          error="Inloggningen gick inte att slutföra. Försök igen.")
    if params.get("error"):
        return ctx.render("login.html", status=401, next="/", error="Inloggningstjänsten nekade inloggningen.")
    if params.get("state") != session.oidc_state or not params.get("code"):
        return ctx.render("login.html", status=400, next="/",
                          error="Inloggningen gick inte att slutföra. Försök igen.")
    try:
        claims = await ctx.deps.oidc.finish(redirect_uri=redirect_uri(ctx), code=params["code"],
                                   verifier=session.oidc_verifier or "", nonce=session.oidc_nonce or "")
    except OidcError as exc:
        return ctx.render("login.html", status=401, next="/", error=str(exc))
    issuer, subject = str(claims["iss"]), str(claims["sub"])
    user = await ctx.deps.store.user_by_subject(issuer, subject)
    roles = roles_from_claims(claims, ctx.deps.settings)
    municipality_claim = ctx.deps.settings.oidc_municipality_claim
    municipality = str(claims.get(municipality_claim) or ctx.deps.settings.municipality) if municipality_claim \
        else ctx.deps.settings.municipality
    name = str(claims.get("name") or claims.get("preferred_username") or subject)[:200]
    if user is None:
        username = str(claims.get("preferred_username") or claims.get("email") or subject).lower()[:64]
        if not re.match(USERNAME_PATTERN, username):
            username = f"oidc-{new_id()[:12]}"
        user = new_user(username=username, name=name, municipality=municipality, roles=roles,
                        oidc_subject=f"{issuer}|{subject}")
        if not await ctx.deps.store.add_user(user):  # same username as a local account: keep them apart
            user = new_user(username=f"oidc-{new_id()[:12]}", name=name, municipality=municipality,
                            roles=roles, oidc_subject=f"{issuer}|{subject}")
            await ctx.deps.store.add_user(user)
    elif roles and set(roles) != set(user.roles):  # the identity provider is the source of roles
        user = await ctx.deps.store.update_user(user.user_id, UserChanges(roles=roles, name=name)) or user
    if not user.active:
        return ctx.render("login.html", status=403, next="/", error="Kontot är avstängt.")
    token, _ = await ctx.deps.sessions.login(ctx.token, user)
    log.info("login.ok", user_id=user.user_id, method="oidc")
    await ctx.with_user(user).audit("login", outcome="ok", details={"method": "oidc", "issuer": issuer})
    response = RedirectResponse("/", status_code=303)
    set_session_cookie(response, token, ctx.deps.settings)
    set_oidc_cookie(response, None, ctx.deps.settings)
    return response


# --- one's own account ------------------------------------------------------------

async def own_account(ctx: Ctx) -> Response:
    return ctx.render("own_account.html", error=None)


async def change_password(ctx: Ctx) -> Response:
    assert ctx.user
    if ctx.user.password_hash is None:
        return ctx.render("own_account.html", status=400,
                          error="Ditt konto loggar in via organisationskontot; lösenordet byts där.")
    current, new, again = ctx.field("current", 1024), ctx.field("new", 1024), ctx.field("again", 1024)
    if not verify_password(ctx.user.password_hash, current):
        return ctx.render("own_account.html", status=400, error="Nuvarande lösenord stämmer inte.")
    problem = password_problem(new) or (None if new == again else "De två nya lösenorden är olika.")
    if problem:
        return ctx.render("own_account.html", status=400, error=problem)
    await ctx.deps.store.update_user(ctx.user.user_id, UserChanges(password_hash=hash_password(new)))
    await ctx.deps.store.drop_user_sessions(ctx.user.user_id)  # every other session ends too
    await ctx.audit("password.change", target=ctx.user.username, outcome="ok")
    token, _ = await ctx.deps.sessions.login(None, ctx.user)
    response = RedirectResponse("/konto", status_code=303)
    set_session_cookie(response, token, ctx.deps.settings)
    return response


# --- staff accounts ---------------------------------------------------------------

async def users(ctx: Ctx) -> Response:
    page = max(0, _int(ctx.request.query_params.get("sida"), 0))
    found = await ctx.deps.store.users_page(ctx.municipality, skip=page * 50, limit=51)
    return ctx.render("users.html", users=found[:50], page=page, more=len(found) > 50, roles=list(Role),
                      error=None)


async def user_create(ctx: Ctx) -> Response:
    username, name = ctx.field("username", 64).lower(), ctx.field("name", 200)
    password = ctx.field("password", 1024)
    roles = _roles(ctx)
    units = [u.strip() for u in ctx.field("units", 2000).split(",") if u.strip()]
    problem = None
    if not re.match(USERNAME_PATTERN, username):
        problem = "Användarnamnet får bara innehålla a–z, 0–9 och . _ @ - (2–64 tecken)."
    elif not name:
        problem = "Fyll i namn."
    else:
        problem = password_problem(password)
    if problem is None:
        user = new_user(username=username, name=name, municipality=ctx.municipality, roles=roles, units=units,
                        password=password)
        if await ctx.deps.store.add_user(user):
            await ctx.audit("user.create", target=username, outcome="ok",
                            details={"roles": [str(r) for r in roles], "units": units})
            await ctx.flash(f"Kontot {username} skapades.")
            return ctx.redirect("/anvandare")
        problem = "Det finns redan ett konto med det användarnamnet."
    found = await ctx.deps.store.users_page(ctx.municipality, skip=0, limit=50)
    return ctx.render("users.html", status=400, users=found, page=0, more=False, roles=list(Role), error=problem)


async def user_update(ctx: Ctx) -> Response:
    user_id = ctx.request.path_params["user_id"]
    target = await ctx.deps.store.user(user_id)
    if target is None or target.municipality != ctx.municipality:
        return ctx.render("error.html", status=404, title="Finns inte", message="Kontot finns inte.")
    roles = _roles(ctx)
    active = ctx.field("active") == "on"
    if target.user_id == ctx.user.user_id and (not active or Role.system_administrator not in roles):  # type: ignore[union-attr]
        await ctx.flash("Du kan inte ta bort din egen administratörsbehörighet eller stänga av dig själv.")
        return ctx.redirect("/anvandare")
    units = [u.strip() for u in ctx.field("units", 2000).split(",") if u.strip()]
    await ctx.deps.store.update_user(user_id, UserChanges(roles=roles, units=units, active=active))
    if not active:
        await ctx.deps.store.drop_user_sessions(user_id)
    await ctx.audit("user.update", target=target.username, outcome="ok",
                    details={"roles": [str(r) for r in roles], "units": units, "active": active})
    await ctx.flash(f"Kontot {target.username} uppdaterades.")
    return ctx.redirect("/anvandare")


async def audit_log(ctx: Ctx) -> Response:
    raw = ctx.request.query_params.get("sida", "")
    entries, older = await ctx.deps.store.audit_page(ctx.municipality, page=int(raw) if raw.isdigit() else None)
    return ctx.render("audit.html", entries=entries, older=older)


def _roles(ctx: Ctx) -> list[Role]:
    chosen = ctx.form.getlist("roles") if ctx.form is not None else []
    known = {r.value for r in Role}
    return [Role(r) for r in chosen if isinstance(r, str) and r in known]


def routes(deps: Deps) -> list[Route]:
    return [
        Route("/login", guard(deps, login_form, public=True), methods=["GET"]),
        Route("/login", guard(deps, login, public=True), methods=["POST"]),
        Route("/logout", guard(deps, logout, public=True), methods=["POST"]),
        Route("/login/oidc", guard(deps, oidc_start, public=True), methods=["GET"]),
        Route("/login/oidc/callback", guard(deps, oidc_callback, public=True), methods=["GET"]),
        Route("/anvandare", guard(deps, users, Permission.users_manage), methods=["GET"]),
        Route("/anvandare", guard(deps, user_create, Permission.users_manage), methods=["POST"]),
        Route("/anvandare/{user_id:str}", guard(deps, user_update, Permission.users_manage), methods=["POST"]),
        Route("/logg", guard(deps, audit_log, Permission.audit_view), methods=["GET"]),
        Route("/konto", guard(deps, own_account), methods=["GET"]),
        Route("/konto", guard(deps, change_password), methods=["POST"]),
    ]


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
