"""Signed tree heads: Ed25519 over a fixed binary encoding of (log, size, time, root)."""

from __future__ import annotations

import base64
import struct
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from shared.logging import get_logger

log = get_logger(__name__)
STH_DOMAIN = b"kanalvakt-sth-v1\x00"


def sth_message(log_id: str, tree_size: int, timestamp_ms: int, root: bytes) -> bytes:
    """What is signed; the log id (municipality) is bound in, so heads cannot be swapped."""
    return STH_DOMAIN + log_id.encode() + b"\x00" + struct.pack(">QQ", tree_size, timestamp_ms) + root


def load_private_key(pem_or_b64: str) -> Ed25519PrivateKey:
    text = pem_or_b64.strip()
    if text.startswith("-----BEGIN"):
        key = serialization.load_pem_private_key(text.encode(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("the archive signing key must be an Ed25519 key")
        return key
    raw = base64.b64decode(text)
    if len(raw) != 32:
        raise ValueError("a base64 Ed25519 signing key must be 32 bytes")
    return Ed25519PrivateKey.from_private_bytes(raw)


def key_from_settings(secret: str | None, key_file: Path) -> Ed25519PrivateKey:
    """The configured key; for development, a key generated once into `key_file`."""
    if secret:
        return load_private_key(secret)
    if key_file.exists():
        return load_private_key(key_file.read_text())
    key = Ed25519PrivateKey.generate()
    key_file.parent.mkdir(parents=True, exist_ok=True)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    key_file.write_bytes(pem)
    key_file.chmod(0o600)
    log.warning("archive.signing_key.generated", path=str(key_file),
                hint="set KANALVAKT_SIGNING_KEY (the archive's Ed25519 key) in production")
    return key


def public_hex(key: Ed25519PrivateKey) -> str:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def verify_signature(public_key_hex: str, signature_hex: str, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key_hex)).verify(bytes.fromhex(signature_hex), message)
        return True
    except (InvalidSignature, ValueError):
        return False
