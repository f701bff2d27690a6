"""Signed webhook bodies: HMAC-SHA256 over the raw body with a shared secret.

With ``MONITOR_WEBHOOK_SECRET`` set, every ``webhook:`` POST carries the header
``X-Monitor-Signature: sha256=<hex digest>``, the HMAC-SHA256 of the exact bytes of the body under
the secret (UTF-8). A receiver recomputes it over the body as received — before parsing the JSON —
and compares in constant time::

    expected = "sha256=" + hmac.new(secret.encode(), raw_body, hashlib.sha256).hexdigest()
    ok = hmac.compare_digest(expected, request.headers["X-Monitor-Signature"])

(:func:`verify` does exactly that.) The body holds ``created_at`` and the alert's unique
``alert_key`` (also the ``Idempotency-Key`` header), so a receiver that drops keys it has seen is not
fooled by a replayed post either.

>>> sig = sign(b'{"kind":"casualty_change"}', "s3cret")
>>> sig.startswith("sha256=") and verify(b'{"kind":"casualty_change"}', sig, "s3cret")
True
>>> verify(b'{"kind":"casualty_change "}', sig, "s3cret")
False
"""

from __future__ import annotations

import hashlib
import hmac

HEADER = "X-Monitor-Signature"
PREFIX = "sha256="


def sign(body: bytes, secret: str) -> str:
    """The header value for ``body``: ``sha256=`` and the hex HMAC-SHA256 under ``secret``."""
    if not secret:
        raise ValueError("webhook signing needs a non-empty secret")
    return PREFIX + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify(body: bytes, header: str | None, secret: str) -> bool:
    """Does ``header`` (the received ``X-Monitor-Signature``) sign ``body`` under ``secret``?"""
    if not header or not secret:
        return False
    return hmac.compare_digest(sign(body, secret), header.strip())


def headers(body: bytes, secret: str | None) -> dict[str, str]:
    """The signature header for ``body``, or none without a secret."""
    return {HEADER: sign(body, secret)} if secret else {}
