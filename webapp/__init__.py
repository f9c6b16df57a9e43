"""The web front end: search pages and a JSON API over one SearchService.

``create_app`` builds everything per call (no import-time configuration), so
tests pass their own config and each server worker opens the index once.
"""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

from indexer.errors import IndexerError
from indexer.idle import IDLE_SECONDS
from indexer.search import SearchService
from indexer.store import default_index_dir

from .errors import register_error_handlers
from .security import add_security_headers

MAX_BODY_BYTES = 1024 * 1024


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app; ``test_config`` overrides settings from the environment.

    Settings: ``INDEX_DIR`` (default ``$MEDSEARCH_INDEX_DIR`` or the per-user
    folder), ``API_TOKEN`` (``$MEDSEARCH_API_TOKEN``; no token means the
    write API is off), ``MAX_CONTENT_LENGTH`` (request body limit).
    """
    app = Flask(__name__)
    app.config.from_mapping(
        INDEX_DIR=str(default_index_dir()),
        API_TOKEN=os.environ.get("MEDSEARCH_API_TOKEN") or None,
        MAX_CONTENT_LENGTH=MAX_BODY_BYTES,
        REFRESH_INTERVAL=0.1,
        MERGE_IDLE=merge_idle(os.environ.get("MEDSEARCH_MERGE_IDLE")),
        PER_PAGE=10,
    )
    app.config.from_prefixed_env()
    if test_config:
        app.config.from_mapping(test_config)
    app.json.ensure_ascii = False
    # "/api/entries//x" must not redirect (as HTML) to another entry's URL.
    app.url_map.merge_slashes = False
    app.json.sort_keys = False

    service = SearchService(
        app.config["INDEX_DIR"],
        refresh_interval=app.config["REFRESH_INTERVAL"],
        merge_idle=app.config["MERGE_IDLE"],
    )
    app.extensions["search"] = service
    if app.config.get("WARM", not app.testing):
        try:
            # The commonest words' postings are read after the worker
            # answers (see SearchService.warm).
            service.warm(background=True)
        except IndexerError:
            pass  # pages say how to build the index; the app still starts

    from . import api, views

    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(api.health)
    register_error_handlers(app)
    app.after_request(add_security_headers)
    return app


def merge_idle(value: str | None) -> float | None:
    """Seconds without a write before the segments writes left merge
    (:mod:`indexer.idle`), from ``$MEDSEARCH_MERGE_IDLE``: unset, the
    default; ``off``, never.

    >>> merge_idle(None), merge_idle("2.5"), merge_idle("off")
    (10.0, 2.5, None)
    """
    if value is None or not value.strip():
        return IDLE_SECONDS
    if value.strip().lower() == "off":
        return None
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        raise ValueError(
            f"MEDSEARCH_MERGE_IDLE must be seconds (0 or more) or 'off', not {value!r}"
        )
    return seconds


def search_service(app: Flask) -> SearchService:
    return app.extensions["search"]
