"""The pages: search box, results, entry."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, render_template, request

from indexer.request import MAX_QUERY_CHARS

from . import search_service
from .caching import revalidated

bp = Blueprint("search", __name__)


@bp.app_context_processor
def limits() -> dict[str, int]:
    return {"max_query": MAX_QUERY_CHARS}


@bp.app_template_filter("web_link")
def web_link(url: str | None) -> str | None:
    """``url`` if it is an absolute http(s) address, else None.

    An entry's source URL comes from imported data; ``javascript:``,
    ``data:`` and other schemes must never become a clickable link.

    >>> web_link("https://medlineplus.gov/ency/article/000001.htm")
    'https://medlineplus.gov/ency/article/000001.htm'
    >>> web_link("javascript:alert(1)"), web_link(" JaVa\tScRiPt:alert(1)")
    (None, None)
    >>> web_link("https:javascript:alert(1)"), web_link("//evil.example/")
    (None, None)
    """
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def _page_arg() -> int:
    return request.args.get("page", 1, type=int) or 1


@bp.get("/")
def home():
    return render_template("home.html")


@bp.get("/search")
@revalidated
def results():
    query = request.args.get("q", "")
    section = request.args.get("section", "") or None
    entry = request.args.get("entry", "") or None
    if not query.strip():
        return render_template("home.html", empty=True)
    found = search_service(current_app).search(
        query,
        page=max(1, min(_page_arg(), 1000)),
        per_page=current_app.config["PER_PAGE"],
        section=section,
        entry=entry,
        exact=request.args.get("exact") == "1",
    )
    return render_template("results.html", found=found)


@bp.get("/synonyms")
@revalidated
def synonyms():
    term = request.args.get("term", "").strip()
    found = search_service(current_app).synonyms(term) if term else None
    return render_template("synonyms.html", term=term, found=found)


@bp.get("/entry/<entry_id>")
@revalidated
def entry(entry_id: str):
    found = search_service(current_app).get_entry(entry_id)
    return render_template("entry.html", entry=found)
