"""Pure registry rules: the account model, its lifecycle, requirements, follow-up and
inventory. No I/O here."""

from .lifecycle import Refused
from .model import Account

__all__ = ["Account", "Refused"]
