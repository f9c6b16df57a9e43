"""The pages: search box, results, entry."""

from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import urlencode, urlsplit

from flask import (
    Blueprint,
    current_app,
    g,
    make_response,
    render_template,
    request,
    url_for,
)
from markupsafe import Markup

from indexer.errors import IndexerError
from indexer.labels import source_label
from indexer.model import Heading, Paragraph, Section
from indexer.request import MAX_QUERY_CHARS
from indexer.results import Marking, SearchResults
from indexer.schema import section_key

from . import search_service
from .caching import revalidated
from .timing import timed

bp = Blueprint("search", __name__)
TOC_HINT_WORDS = 8


@bp.app_context_processor
def limits() -> dict[str, int]:
    return {"max_query": MAX_QUERY_CHARS}


@bp.app_context_processor
def holdings() -> dict[str, object]:
    """What the index holds, per source, for the footer (None: no index)."""

    def sources() -> list[dict] | None:
        try:
            return search_service(current_app).sources()
        except IndexerError:
            return None

    return {"holdings": sources}


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


@bp.app_template_filter("question_label")
def question_label(question: str) -> str:
    """MedQuAD's question as a heading: its words, without its stray spaces.

    The data set writes "What is (are) Gout ?" and "Who is at risk for
    Gout? ?"; a page shows the question once, as a person would write it.

    >>> question_label("Who is at risk for Gout? ?")
    'Who is at risk for Gout?'
    >>> question_label("what research (or clinical trials) is being done for X ?")
    'What research (or clinical trials) is being done for X?'
    """
    text = re.sub(r"(?:\s*\?)+$", "?", " ".join(question.split()))
    return text[:1].upper() + text[1:]


class TocItem(NamedTuple):
    section_id: str
    label: str
    hint: str | None  # the section's opening words, when its label repeats


@bp.app_template_filter("toc")
def toc(sections: tuple[Section, ...]) -> list[TocItem]:
    """The contents list: each section's question (else its name).

    NIHSeniorHealth asks "What is (are) Heart Attack?" for five sections of
    one entry; where a label repeats, the section's first words tell them
    apart (its first sub-heading when it opens with one).
    """
    labels = [question_label(s.question) if s.question else s.name for s in sections]
    repeated = {label for label in labels if labels.count(label) > 1}
    items = []
    for section, label in zip(sections, labels, strict=True):
        hint = None
        if label in repeated and section.blocks:
            first = section.blocks[0]
            text = first.text if isinstance(first, Heading | Paragraph) else ""
            words = text.split()
            hint = " ".join(words[:TOC_HINT_WORDS]) + (
                "…" if len(words) > TOC_HINT_WORDS else ""
            )
        items.append(TocItem(section.section_id, label, hint or None))
    return items


@bp.app_template_test("heading")
def is_heading(block: object) -> bool:
    return isinstance(block, Heading)


#: A list is set in columns when it has more items than this, none longer
#: than :data:`SHORT_ITEM_CHARS`: GARD's signs and symptoms run to 212
#: ("Myopia (90%)"), a single column of them to several screens.
COLUMN_ITEMS = 12
SHORT_ITEM_CHARS = 60


@bp.app_template_test("columned")
def is_columned(block: object) -> bool:
    """Whether a list is long and its items short enough for columns.

    >>> is_columned(BulletList(("Myopia (90%)",) * 13)), is_columned(BulletList(("Myopia",) * 12))
    (True, False)
    """  # noqa: E501
    items = getattr(block, "items", ())
    return len(items) > COLUMN_ITEMS and all(len(i) <= SHORT_ITEM_CHARS for i in items)


def _page_arg() -> int:
    return request.args.get("page", 1, type=int) or 1


def _json_twin(endpoint: str, pairs: list[tuple[str, str]], **values: str) -> str:
    """The API URL that answers the same request as JSON, as Datasette links.

    :param pairs: query parameters, in order (a name may repeat).
    """
    url = url_for(endpoint, **values)
    return f"{url}?{urlencode(pairs)}" if pairs else url


@bp.get("/favicon.ico")
def favicon():
    """The site icon where browsers look for it unasked (a JSON page has no
    icon link, and a 404 there is an error in the console)."""
    return current_app.send_static_file("favicon.svg")


@bp.get("/")
def home():
    return render_template("home.html")


bp.add_app_template_filter(source_label, "source_label")
bp.add_app_template_filter(section_key, "section_key")


@bp.app_template_filter("with_query")
def with_query(url: str, query: str, exact: bool = False) -> str:
    """An entry page's address (``/entry/<id>#<section>``) that marks the
    words of ``query`` in its sections (searched as typed with ``exact``):
    where a result was found.

    >>> with_query("/entry/gout#gout_Sec2", "gout & diet")
    '/entry/gout?q=gout+%26+diet#gout_Sec2'
    """
    params = {"q": query, **({"exact": "1"} if exact else {})}
    path, hash_, fragment = url.partition("#")
    return f"{path}?{urlencode(params)}{hash_}{fragment}"


@bp.app_template_filter("marked")
def marked(text: str, marking: Marking | None) -> str | Markup:
    """A block of an entry's text with a query's words in ``<mark>`` (the
    service escapes the rest), or as it is."""
    return Markup(marking.html(text)) if marking else text


@bp.app_template_global()
def search_link(found: SearchResults, **changes) -> str:
    """The results page for ``found`` with some parameters changed.

    ``add_section``/``add_source`` add a filter value, ``drop_section``/
    ``drop_source`` remove one; any other keyword replaces a parameter
    (``page``). Filters and the exact switch carry over, so pagination and
    facet links keep what the reader chose.
    """
    sections = list(found.sections)
    sources = list(found.sources)
    for name, values, same in (
        ("section", sections, section_key),
        ("source", sources, str.casefold),
    ):
        added = changes.pop(f"add_{name}", None)
        if added is not None and same(added) not in map(same, values):
            values.append(added)
        dropped = changes.pop(f"drop_{name}", None)
        if dropped is not None:
            values[:] = [v for v in values if same(v) != same(dropped)]
    params = {
        "q": found.query,
        "section": sections or None,
        "source": sources or None,
        "entry": found.entry,
        "exact": 1 if found.exact else None,
        **changes,
    }
    pairs = [
        (key, item)
        for key, value in params.items()
        if value
        for item in (value if isinstance(value, list) else [value])
    ]
    return f"{_results_path()}?{urlencode(pairs)}"


def _results_path() -> str:
    """The results page's path, built once per request: a page has some
    thirty links to it, and Flask's ``url_for`` was a third of rendering
    one (cProfile)."""
    path = g.get("results_path")
    if path is None:
        path = g.results_path = url_for("search.results")
    return path


@bp.get("/search")
@revalidated
def results():
    query = request.args.get("q", "")
    entry = request.args.get("entry", "") or None
    if not query.strip():
        return render_template("home.html", empty=True)
    page = max(1, min(_page_arg(), 1000))
    found = search_service(current_app).search(
        query,
        page=page,
        per_page=current_app.config["PER_PAGE"],
        section=request.args.getlist("section"),
        source=request.args.getlist("source"),
        entry=entry,
        exact=request.args.get("exact") == "1",
        lenient=True,  # an unknown filter value: a notice on the page
    )
    # What the page shows, as the API asks for it: the filters it applied
    # (not a value it dropped with a notice, which the API refuses), the
    # page it shows (clamped), and no per_page (the page's own).
    pairs = [("q", query)]
    pairs += [("section", name) for name in found.sections]
    pairs += [("source", name) for name in found.sources]
    for key in ("entry", "exact"):
        pairs += [(key, value) for value in request.args.getlist(key)[:1]]
    if page > 1:
        pairs.append(("page", str(page)))
    json_url = _json_twin("api.search", pairs)
    page_html = render_template("results.html", found=found, json_url=json_url)
    return timed(make_response(page_html), found)


@bp.get("/synonyms")
@revalidated
def synonyms():
    term = request.args.get("term", "").strip()
    found = search_service(current_app).synonyms(term) if term else None
    json_url = _json_twin("api.synonyms", [("term", term)]) if term else None
    return render_template("synonyms.html", term=term, found=found, json_url=json_url)


@bp.get("/stats")
@revalidated
def stats():
    """What the index holds, for a person; ``/api/stats`` is its twin."""
    service = search_service(current_app)
    return render_template(
        "stats.html",
        stats=service.stats(),
        sources=service.sources(),
        json_url=_json_twin("api.stats", []),
    )


@bp.get("/entry/<entry_id>")
@revalidated
def entry(entry_id: str):
    service = search_service(current_app)
    found = service.get_entry(entry_id)
    json_url = _json_twin("api.get_entry", [], entry_id=entry_id)
    # Reached from a results page: the query's words marked where they are.
    query = request.args.get("q", "")
    exact = request.args.get("exact") == "1"
    return render_template(
        "entry.html",
        entry=found,
        qualifier=service.qualifier(found),
        also=service.same_topic(found),
        filed=service.filed_under(found),
        marking=service.marking(query, exact=exact) if query.strip() else None,
        json_url=json_url,
    )
