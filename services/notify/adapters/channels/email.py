"""Alert e-mail over SMTP (aiosmtplib)."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import make_msgid

import aiosmtplib

from ...config import NotifySettings


class EmailSender:
    def __init__(self, settings: NotifySettings) -> None:
        self.settings = settings

    @property
    def enabled(self) -> bool:
        return bool(self.settings.smtp_host)

    async def send(self, *, to: list[str], subject: str, body: str, message_key: str) -> None:
        """Send one message; the Message-ID is derived from `message_key` so a resent copy
        can be recognised by mail clients as the same message."""
        s = self.settings
        msg = EmailMessage()
        msg["From"] = s.mail_from
        msg["To"] = ", ".join(to)
        msg["Subject"] = subject
        msg["Message-ID"] = make_msgid(idstring=message_key[:32], domain="kanalvakt")
        msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies back to us
        msg.set_content(body)
        await aiosmtplib.send(
            msg,
            hostname=s.smtp_host,
            port=s.smtp_port,
            username=s.smtp_username,
            password=s.smtp_password.get_secret_value() if s.smtp_password else None,
            start_tls=s.smtp_starttls,
            use_tls=s.smtp_tls,
            timeout=s.smtp_timeout,
        )
