"""Password hashing and the pieces of the request machinery that need no server."""

from __future__ import annotations

from services.dashboard.app.auth import hash_password, password_problem, verify_password
from services.dashboard.web import CSP, safe_next


def test_passwords_are_argon2id_and_verify() -> None:
    hashed = hash_password("korrekt häst batteri")
    assert hashed.startswith("$argon2id$")
    assert verify_password(hashed, "korrekt häst batteri")
    assert not verify_password(hashed, "fel lösenord")
    assert not verify_password(None, "korrekt häst batteri")
    assert not verify_password("inte-en-hash", "x")


def test_short_passwords_are_refused_in_swedish() -> None:
    assert password_problem("kort") == "Lösenordet måste ha minst 12 tecken."
    assert password_problem("tillräckligt långt") is None


def test_next_after_login_is_local_only() -> None:
    assert safe_next("/moderering?state=open") == "/moderering?state=open"
    for hostile in ("https://evil.example/", "//evil.example", "/\\evil.example", None, ""):
        assert safe_next(hostile) == "/"


def test_csp_allows_no_inline_script_or_style() -> None:
    assert "script-src 'self';" in CSP
    assert "unsafe-inline" not in CSP and "unsafe-eval" not in CSP
    assert "frame-ancestors 'none'" in CSP and "form-action 'self'" in CSP


def test_every_template_compiles_with_autoescape_on() -> None:
    from pathlib import Path

    from services.dashboard.web import make_templates

    env = make_templates()
    names = [p.name for p in Path("services/dashboard/templates").glob("*.html")]
    assert len(names) > 15
    for name in names:
        env.get_template(name)
    assert env.from_string("{{ x }}").render(x="<script>") == "&lt;script&gt;"
