"""One place that maps indexer errors to HTTP statuses, as pages or JSON."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from indexer.errors import (
    DiskFull,
    EntryNotFound,
    EntryTooLarge,
    IndexCorrupt,
    IndexerError,
    IndexNotFound,
    InvalidEntry,
    ParseError,
    UnknownFilter,
    WriterBusy,
)

# First match wins: a subclass comes before its base class.
STATUS = {
    EntryNotFound: 404,
    EntryTooLarge: 413,
    InvalidEntry: 400,
    ParseError: 400,
    UnknownFilter: 400,
    IndexNotFound: 503,
    IndexCorrupt: 503,
    WriterBusy: 503,
    DiskFull: 507,  # Insufficient Storage (RFC 4918)
}
TITLES = {
    400: "Bad request",
    404: "Not found",
    413: "Entry too large",
    507: "Disk full",
}


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def error_response(status: int, message: str, title: str):
    if wants_json():
        return jsonify({"error": {"status": status, "message": message}}), status
    page = render_template("error.html", status=status, title=title, message=message)
    return page, status


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(IndexerError)
    def indexer_error(exc: IndexerError):
        status = next((s for cls, s in STATUS.items() if isinstance(exc, cls)), 500)
        title = TITLES.get(status, "Search unavailable")
        return error_response(status, str(exc), title)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        return error_response(exc.code or 500, exc.description or exc.name, exc.name)
