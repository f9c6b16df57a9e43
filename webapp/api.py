"""The JSON API under ``/api`` (documented in the README), and ``/healthz``."""

from __future__ import annotations

from importlib import resources

from flask import Blueprint, abort, current_app, jsonify, request

from indexer.request import AUTO, MAX_PER_ENTRY, MAX_PER_PAGE
from indexer.results import entry_url
from indexer.submission import read_submission

from . import search_service
from .caching import revalidated
from .security import bearer_matches
from .timing import timed

bp = Blueprint("api", __name__, url_prefix="/api")
#: The API's OpenAPI 3.1 description; tests check real answers against it.
OPENAPI = (resources.files("webapp") / "openapi.json").read_bytes()
health = Blueprint("health", __name__)
#: The values a switch (``exact``) may take, as ``webapp/openapi.json`` lists.
SWITCH = {"1": True, "true": True, "0": False, "false": False, "": False}


def _int_arg(
    name: str, default: int | None, low: int, high: int, *, word: str | None = None
) -> int | str | None:
    """A whole number in ``[low, high]``, or ``word`` if one is allowed."""
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if word is not None and raw == word:
        return word
    other = f", or '{word}'" if word else ""
    try:
        value = int(raw)
    except ValueError:
        abort(400, f"'{name}' must be a whole number{other}.")
    if not low <= value <= high:
        abort(400, f"'{name}' must be between {low} and {high}{other}.")
    return value


def _switch_arg(name: str) -> bool:
    """A switch as the API describes it: ``1`` or ``true`` on, ``0`` or
    ``false`` (or nothing) off; anything else is a 400, not read as off."""
    raw = request.args.get(name, "")
    if raw not in SWITCH:
        abort(400, f"'{name}' must be 1 or 0 (or true or false).")
    return SWITCH[raw]


@bp.get("/search")
@revalidated
def search():
    found = search_service(current_app).search(
        request.args.get("q", ""),
        page=_int_arg("page", 1, 1, 1000),
        per_page=_int_arg("per_page", 10, 1, MAX_PER_PAGE),
        per_entry=_int_arg("per_entry", None, 1, MAX_PER_ENTRY, word=AUTO),
        section=request.args.getlist("section"),
        source=request.args.getlist("source"),
        entry=request.args.get("entry") or None,
        exact=_switch_arg("exact"),
    )
    return timed(jsonify(found.to_json()), found)


@bp.get("/synonyms")
@revalidated
def synonyms():
    term = request.args.get("term", "").strip()
    if not term:
        abort(400, "Give the term to look up: /api/synonyms?term=...")
    return jsonify(search_service(current_app).synonyms(term))


@bp.get("/suggest")
@revalidated
def suggest():
    prefix = request.args.get("q", "")
    limit = _int_arg("limit", 8, 1, 20)
    suggestions = search_service(current_app).suggest(prefix, limit=limit)
    return jsonify({"q": prefix, "suggestions": suggestions})


@bp.get("/entries/<entry_id>")
@revalidated
def get_entry(entry_id: str):
    service = search_service(current_app)
    entry = service.get_entry(entry_id)
    # "url" is the entry's original page (MedQuAD's source), as documented;
    # it must not be replaced by our own /entry/<id> path.
    data = entry.to_json()
    # What its page says beside it: which of its source's namesakes it is,
    # and the topic's entries from other sources.
    qualifier = service.qualifier(entry)
    if qualifier:
        data["qualifier"] = qualifier
    data["also_from"] = [other.to_json() for other in service.same_topic(entry)]
    filed = service.filed_under(entry)
    if filed:  # held by name only, its topic's text nowhere here
        data["filed_under"] = [other.to_json() for other in filed]
    return jsonify(data)


@bp.get("/openapi.json")
def openapi():
    return current_app.response_class(OPENAPI, mimetype="application/json")


@bp.get("/stats")
@revalidated
def stats():
    service = search_service(current_app)
    return jsonify({**service.stats(), "sources": service.sources()})


def _require_token() -> None:
    """Refuse writes unless the request carries the server's bearer token."""
    token = current_app.config.get("API_TOKEN")
    if not token:
        abort(
            403, "The write API is off: start the server with MEDSEARCH_API_TOKEN set."
        )
    if not bearer_matches(request.headers.get("Authorization", ""), token):
        response = jsonify(
            {
                "error": {
                    "status": 401,
                    "message": "Send 'Authorization: Bearer <token>' with "
                    "the server's token.",
                }
            }
        )
        response.status_code = 401
        response.headers["WWW-Authenticate"] = 'Bearer realm="medsearch"'
        abort(response)


def _read_body() -> bytes:
    """The request body, or 413 if it is over ``MAX_CONTENT_LENGTH``.

    Werkzeug refuses a too-large ``Content-Length`` up front, but a streamed
    (chunked) body is silently cut at the limit: one more byte past it means
    the body was too large.
    """
    body = request.get_data(cache=False)
    limit = request.max_content_length
    if limit is not None and request.content_length is None and len(body) >= limit:
        if request.environ["wsgi.input"].read(1):
            abort(413)
    return body


@bp.put("/entries/<entry_id>")
def put_entry(entry_id: str):
    _require_token()
    item = read_submission(entry_id, _read_body(), request.mimetype or "")
    report = search_service(current_app).upsert([item])
    created = bool(report.added)
    body = {
        "entry_id": entry_id,
        "status": "created" if created else "updated",
        "sections": report.sections,
        "url": entry_url(entry_id),
    }
    return jsonify(body), 201 if created else 200


@bp.delete("/entries/<entry_id>")
def delete_entry(entry_id: str):
    _require_token()
    search_service(current_app).remove([entry_id])
    return jsonify({"entry_id": entry_id, "status": "deleted"})


@health.get("/healthz")
def healthz():
    return jsonify({"status": "ok", **search_service(current_app).stats()})
