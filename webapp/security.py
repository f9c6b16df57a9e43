"""Response headers every page and API answer carries."""

from __future__ import annotations

import hmac

from flask import Response, request

# No inline script or style, nothing from other hosts.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def add_security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if request.method != "GET" or response.status_code >= 400:
        headers.setdefault("Cache-Control", "no-store")
    return response


def bearer_matches(header: str, token: str | None) -> bool:
    """Whether an ``Authorization`` header carries ``token`` as a bearer token.

    Compared in constant time, so timing does not leak the token; shared by
    the app and the buffering front (which queues only authorized writes).
    """
    if not token:
        return False
    scheme, _, given = header.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode(), token.encode()
    )
