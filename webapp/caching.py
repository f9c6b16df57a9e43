"""HTTP validators for read-only pages and API answers.

Every GET answer depends only on the URL and on the index state, so its
ETag is a digest of both. A client (or a proxy) that already has the answer
revalidates with ``If-None-Match`` and gets a bodiless 304 without any
search being run; a write changes the index state, so nobody is served a
stale page for longer than one round trip.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps

from flask import current_app, make_response, request

from . import search_service

CACHE_CONTROL = "public, no-cache"  # store, but revalidate before each use


def revalidated(view: Callable) -> Callable:
    """Answer with an ETag tied to the index state; 304 when it still holds."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        state = search_service(current_app).version()
        digest = hashlib.blake2b(
            f"{state}|{request.full_path}".encode(), digest_size=12
        ).hexdigest()
        if request.if_none_match.contains(digest):
            response = current_app.response_class(status=304)
        else:
            response = make_response(view(*args, **kwargs))
            if response.status_code != 200:
                return response
        response.set_etag(digest)
        response.headers["Cache-Control"] = CACHE_CONTROL
        return response

    return wrapper
