"""Security: injection shows as text, headers, the write API's guards, and a
missing or corrupt index reported with the command that repairs it."""

from __future__ import annotations

import gc
import hmac
import io
import json
import pickle
import re
import subprocess
import sys
from html import unescape
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer import BulletList, Entry, Paragraph, SearchService, Section, build_index
from indexer.cli import main as indexer_main
from webapp import create_app
from webapp.cli import main as medsearch_main

from .conftest import REPO, TOKEN, make_entries
from .htmlaudit import audit_html

AUTH = {"Authorization": f"Bearer {TOKEN}"}

# -- injection -------------------------------------------------------------------

XSS = "\"'><img src=x onerror=alert(1)>"
SCRIPT = "<script>alert('x')</script>"
JS_URL = "javascript:alert(1)"
HANDLER = '" onmouseover="alert(1)'
GOOD_URL = "https://medlineplus.gov/ency/article/000001.htm"


def hostile_entries() -> list[Entry]:
    """Entries whose every field tries to become markup or a script link."""
    return [
        Entry(
            "xss-entry",
            f"Xssword {XSS}",
            (f"{SCRIPT} xssname", JS_URL, HANDLER),
            (
                Section(
                    "xss-entry_Sec1",
                    f"Treatment {SCRIPT}",
                    1,
                    (
                        Paragraph(
                            f"Xssword text {SCRIPT} and {XSS} and "
                            f'<a href="{JS_URL}">click</a>'
                        ),
                        BulletList((XSS, JS_URL)),
                    ),
                ),
            ),
            source="GHR",
            url=JS_URL,
            source_name="<i>Evil</i> source",
        ),
        Entry(
            "hidden-text",
            "Hiddenword entry",
            source="GHR",
            url=" JaVa\tScRiPt:alert(document.cookie)",
            text_available=False,
        ),
        Entry(
            "data-url",
            "Dataword entry",
            (),
            (Section("data-url_Sec1", "Summary", 1, (Paragraph("Dataword text."),)),),
            source="GHR",
            url="data:text/html,<script>alert(1)</script>",
        ),
        Entry(
            "good-url",
            "Goodword entry",
            (),
            (Section("good-url_Sec1", "Summary", 1, (Paragraph("Goodword text."),)),),
            source="GHR",
            url=GOOD_URL,
            source_name="MedlinePlus",
        ),
    ]


@pytest.fixture(scope="module")
def xss_client(tmp_path_factory):
    base = tmp_path_factory.mktemp("xss")
    thesaurus = base / "thesaurus.txt"
    thesaurus.write_text(f"xssword; {SCRIPT}; {XSS}\n", encoding="utf-8")
    build_index(hostile_entries(), base / "index", thesaurus=thesaurus)
    app = create_app({"TESTING": True, "INDEX_DIR": str(base / "index")})
    yield app.test_client()
    app.extensions["search"].close()


def page(client, url: str, status: int = 200, **params) -> str:
    response = client.get(url, query_string=params or None)
    assert response.status_code == status
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert audit_html(html) == []
    return html


def escaped(text: str) -> str:
    """``text`` as Jinja writes it into a page."""
    from markupsafe import escape

    return str(escape(text))


def test_results_page_shows_titles_snippets_and_expansions_as_text(xss_client):
    html = page(xss_client, "/search", q="xssword")
    assert escaped(f"Xssword {XSS}") in html  # the title
    assert escaped(f"Treatment {SCRIPT}") in html  # the section name
    assert "&lt;<mark>img</mark> <mark>src</mark>" in html  # the snippet
    assert "Also searched" in html  # the thesaurus names, escaped
    assert escaped(SCRIPT) in html
    assert "<img" not in html and "<script>" not in html


def test_api_search_gives_plain_text_and_an_escaped_snippet(xss_client):
    body = xss_client.get("/api/search?q=xssword").get_json()
    hit = body["results"][0]
    assert hit["title"] == f"Xssword {XSS}"  # plain text, as documented
    assert hit["section"] == f"Treatment {SCRIPT}"
    assert "<" not in re.sub(r"</?mark>", "", hit["snippet"])
    assert body["expanded"] == {"xssword": [SCRIPT, XSS]}


@pytest.mark.parametrize("query", [XSS, SCRIPT, HANDLER, JS_URL, "xsswrod " + XSS])
def test_hostile_query_shows_as_text_on_the_results_page(xss_client, query):
    html = page(xss_client, "/search", q=query, section=query, entry=query)
    assert escaped(query) in html
    assert f'value="{escaped(query)}"' in html  # the search box keeps it


@pytest.mark.parametrize("query", ["xsswrod <b>", "xsswrod <svg onload=confirm`1`>"])
def test_did_you_mean_link_is_text_and_an_encoded_url(xss_client, query):
    found = xss_client.get("/api/search", query_string={"q": query}).get_json()
    suggestion = found["did_you_mean"]
    assert suggestion and "<" in suggestion  # the hostile part is kept...
    html = page(xss_client, "/search", q=query)
    offered = r"(?:Did you mean|Showing results for)"
    link = re.search(offered + r' <a href="([^"]+)"><strong>([^<]*)</strong>', html)
    assert link, html
    assert link.group(2) == escaped(suggestion)  # ...shown as text
    assert "<" not in link.group(1) and " " not in link.group(1)  # url-encoded


def test_entry_page_shows_every_field_as_text(xss_client):
    html = page(xss_client, "/entry/xss-entry")
    for text in (f"Xssword {XSS}", f"{SCRIPT} xssname", HANDLER, XSS):
        assert escaped(text) in html
    assert escaped("<i>Evil</i> source") in html
    assert "original page" not in html  # javascript: is not linked


@pytest.mark.parametrize("entry_id", ["xss-entry", "hidden-text", "data-url"])
def test_entry_source_url_links_only_to_http(xss_client, entry_id):
    html = page(xss_client, f"/entry/{entry_id}")
    hrefs = re.findall(r'href="([^"]*)"', html)
    # A link elsewhere is https; a link here (a search for a name that
    # reads "javascript:...") has no scheme at all.
    schemes = {urlsplit(unescape(h)).scheme for h in hrefs}
    assert schemes <= {"", "https"}, hrefs
    assert "javascript" not in html.lower() or entry_id == "xss-entry"
    assert "data:text" not in html


def test_unavailable_text_does_not_link_a_script_url(xss_client):
    html = page(xss_client, "/entry/hidden-text")
    assert "The text of this entry is not available here." in html
    assert "Read it at" not in html
    assert "javascript" not in html.lower()


def test_http_source_url_is_still_a_link(xss_client):
    html = page(xss_client, "/entry/good-url")
    assert (
        f'MedlinePlus — <a href="{GOOD_URL}" rel="noopener noreferrer">original page'
        in html
    )


def test_api_entry_keeps_the_stored_url_as_plain_data(xss_client):
    data = xss_client.get("/api/entries/xss-entry").get_json()
    assert data["url"] == JS_URL
    assert data["alternative_names"] == [f"{SCRIPT} xssname", JS_URL, HANDLER]


@pytest.mark.parametrize("term", ["xssword", SCRIPT, XSS])
def test_synonyms_page_and_api_show_names_as_text(xss_client, term):
    html = page(xss_client, "/synonyms", term=term)
    assert "Curated synonyms:" in html
    for name in (SCRIPT, XSS):
        assert escaped(name) in html
    data = xss_client.get("/api/synonyms", query_string={"term": term}).get_json()
    assert data["groups"] == [["xssword", SCRIPT, XSS]]


def test_unknown_synonym_suggestions_are_text(xss_client):
    html = page(xss_client, "/synonyms", term="<script>alert(2)</script>zz")
    assert escaped("<script>alert(2)</script>zz") in html


@pytest.mark.parametrize("prefix", ["xss", "<scr", "java", '" onm'])
def test_autocomplete_gives_plain_strings(xss_client, prefix):
    response = xss_client.get("/api/suggest", query_string={"q": prefix})
    assert response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    suggestions = response.get_json()["suggestions"]
    assert suggestions
    raw = {f"Xssword {XSS}", f"{SCRIPT} xssname", JS_URL, HANDLER, SCRIPT, XSS}
    for s in suggestions:
        assert s["name"] in raw | {"xssword"}  # as stored: plain, not escaped
        assert s["title"] in (None, f"Xssword {XSS}")


def test_autocomplete_script_inserts_text_only():
    source = (REPO / "webapp" / "static" / "suggest.js").read_text(encoding="utf-8")
    code = re.sub(r"//[^\n]*", "", source)  # comments may name what is avoided
    for sink in (
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
        'setTimeout("',
    ):
        assert sink not in code
    assert "li.textContent = s.name" in code
    assert 'note.textContent = " — " + s.title' in code


@pytest.mark.parametrize("entry_id", [XSS, "<svg onload=alert(1)>", JS_URL])
def test_error_pages_show_the_requested_id_as_text(xss_client, entry_id):
    html = page(xss_client, f"/entry/{quote(entry_id, safe='')}", status=404)
    assert escaped(repr(entry_id)) in html  # "No entry with id '...'"
    assert "<img" not in html and "<svg" not in html


# -- headers -----------------------------------------------------------------------

SAFE_REFERRER = {"no-referrer", "same-origin", "strict-origin"}
SAFE_REFERRER |= {"strict-origin-when-cross-origin"}


def check_headers(response) -> None:
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    directives = {}
    for part in csp.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    assert directives["default-src"] == ["'self'"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    for name in ("script-src", "style-src"):
        assert directives.get(name, directives["default-src"]) == ["'self'"]
    assert directives.get("object-src") == ["'none'"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    no_frames = directives.get("frame-ancestors") == ["'none'"]
    assert headers.get("X-Frame-Options") == "DENY" or no_frames
    assert headers["Referrer-Policy"] in SAFE_REFERRER


@pytest.fixture(scope="module")
def header_clients(tmp_path_factory):
    base = tmp_path_factory.mktemp("headers")
    build_index(make_entries(), base / "index")
    apps = {
        "rw": create_app(
            {"TESTING": True, "INDEX_DIR": str(base / "index"), "API_TOKEN": TOKEN}
        ),
        "ro": create_app({"TESTING": True, "INDEX_DIR": str(base / "index")}),
        "missing": create_app({"TESTING": True, "INDEX_DIR": str(base / "none")}),
    }
    yield {name: app.test_client() for name, app in apps.items()}
    for app in apps.values():
        app.extensions["search"].close()


BIG = b'{"title": "Big"}' + b" " * (1024 * 1024)
HEADER_CASES = [
    ("ro", "GET", "/", {}, 200),
    ("ro", "GET", "/search?q=gout", {}, 200),
    ("ro", "GET", "/search?q=", {}, 200),
    ("ro", "GET", "/search?q=zzzzqqq", {}, 200),
    ("ro", "GET", "/entry/gout", {}, 200),
    ("ro", "GET", "/entry/markup", {}, 200),
    ("ro", "GET", "/synonyms", {}, 200),
    ("ro", "GET", "/synonyms?term=gout", {}, 200),
    ("ro", "GET", "/synonyms?term=zzzqq", {}, 200),
    ("ro", "GET", "/stats", {}, 200),
    ("ro", "GET", "/entry/nope", {}, 404),
    ("ro", "GET", "/no/such/page", {}, 404),
    ("ro", "POST", "/search", {}, 405),
    ("ro", "GET", "/static/style.css", {}, 200),
    ("ro", "GET", "/static/suggest.js", {}, 200),
    ("ro", "GET", "/static/favicon.svg", {}, 200),
    ("ro", "GET", "/favicon.ico", {}, 200),
    ("ro", "GET", "/api/search?q=gout", {}, 200),
    ("ro", "GET", "/api/suggest?q=go", {}, 200),
    ("ro", "GET", "/api/synonyms?term=gout", {}, 200),
    ("ro", "GET", "/api/entries/gout", {}, 200),
    ("ro", "GET", "/api/stats", {}, 200),
    ("ro", "GET", "/healthz", {}, 200),
    ("ro", "OPTIONS", "/api/search", {}, 200),
    ("ro", "GET", "/api/search?page=x", {}, 400),
    ("ro", "GET", "/api/search?per_page=51", {}, 400),
    ("ro", "GET", "/api/synonyms", {}, 400),
    ("ro", "GET", "/api/entries/nope", {}, 404),
    ("ro", "GET", "/api/nope", {}, 404),
    ("ro", "POST", "/api/search", {}, 405),
    ("ro", "PUT", "/api/entries/x", {"json": {"title": "X"}, "headers": AUTH}, 403),
    ("rw", "PUT", "/api/entries/x", {"json": {"title": "X"}}, 401),
    ("rw", "PUT", "/api/entries/x", {"data": "{", "headers": AUTH}, 400),
    ("rw", "PUT", "/api/entries/x", {"data": BIG, "headers": AUTH}, 413),
    (
        "rw",
        "PUT",
        "/api/entries/new-one",
        {"json": {"title": "N"}, "headers": AUTH},
        201,
    ),
    ("rw", "DELETE", "/api/entries/kidney-stones", {"headers": AUTH}, 200),
    ("rw", "DELETE", "/api/entries/nope", {"headers": AUTH}, 404),
    ("missing", "GET", "/", {}, 200),
    ("missing", "GET", "/search?q=gout", {}, 503),
    ("missing", "GET", "/entry/gout", {}, 503),
    ("missing", "GET", "/synonyms?term=gout", {}, 503),
    ("missing", "GET", "/api/search?q=gout", {}, 503),
    ("missing", "GET", "/api/suggest?q=go", {}, 503),
    ("missing", "GET", "/healthz", {}, 503),
    (
        "missing",
        "PUT",
        "/api/entries/x",
        {"json": {"title": "X"}, "headers": AUTH},
        403,
    ),
]


@pytest.mark.parametrize(
    "who, method, url, kwargs, status",
    HEADER_CASES,
    ids=[f"{c[0]}-{c[1]}-{c[2][:30]}-{c[4]}" for c in HEADER_CASES],
)
def test_every_response_carries_the_security_headers(
    header_clients, who, method, url, kwargs, status
):
    kwargs = dict(kwargs)
    if "data" in kwargs:
        kwargs.setdefault("content_type", "application/json")
    response = header_clients[who].open(url, method=method, **kwargs)
    assert response.status_code == status
    check_headers(response)
    if response.mimetype == "text/html":
        assert audit_html(response.get_data(as_text=True)) == []
    elif url.startswith(("/api/", "/healthz")):
        assert response.mimetype == "application/json"
        if status >= 400:
            assert response.get_json()["error"]["status"] == status
    if status >= 400 or method != "GET":
        assert response.headers["Cache-Control"] == "no-store"
    response.close()


# -- writes ---------------------------------------------------------------------------

REPLACEMENT = {"title": "Hacked", "sections": [{"name": "Definition", "text": "x"}]}


def state(client) -> tuple:
    """What a write could change: counts, an entry, a search."""
    return (
        client.get("/api/stats").get_json(),
        client.get("/api/entries/gout").get_json(),
        client.get("/api/entries/hacked").status_code,
        client.get("/api/search?q=hacked").get_json()["total"],
        client.get("/api/search?q=colchicine").get_json()["results"][0]["entry_id"],
    )


def error_message(response, status: int) -> str:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error"}
    assert body["error"]["status"] == status
    return body["error"]["message"]


WRITES = [
    ("PUT", "/api/entries/gout", REPLACEMENT),
    ("PUT", "/api/entries/hacked", REPLACEMENT),
    ("DELETE", "/api/entries/gout", None),
]
BAD_CREDENTIALS = [
    {},
    {"Authorization": ""},
    {"Authorization": "Bearer wrong-token"},
    {"Authorization": "Bearer "},
    {"Authorization": "Bearer"},
    {"Authorization": f"Basic {TOKEN}"},
    {"Authorization": "Basic dGVzdC10b2tlbjo="},
    {"Authorization": TOKEN},
    {"Authorization": f"Token {TOKEN}"},
    {"Authorization": f"Bearer {TOKEN}x"},
    {"Authorization": f"Bearer {TOKEN[:-1]}"},
    {"Authorization": f"Bearer {TOKEN.upper()}"},
    {"Authorization": f"Bearer\t{TOKEN}"},
    {"X-Api-Token": TOKEN},
]


@pytest.mark.parametrize("method, url, body", WRITES, ids=lambda v: str(v)[:20])
def test_writes_without_the_right_token_are_401_and_change_nothing(
    client, method, url, body
):
    before = state(client)
    for headers in BAD_CREDENTIALS:
        response = client.open(url, method=method, json=body, headers=headers)
        message = error_message(response, 401)
        assert "Authorization: Bearer" in message
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        assert TOKEN not in response.get_data(as_text=True)
    assert state(client) == before


@pytest.mark.parametrize("token", [None, ""])
@pytest.mark.parametrize("method, url, body", WRITES, ids=lambda v: str(v)[:20])
def test_writes_without_a_configured_token_are_403_and_change_nothing(
    index_dir, method, url, body, token
):
    app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "API_TOKEN": token})
    client = app.test_client()
    before = state(client)
    for headers in ({}, AUTH, {"Authorization": "Bearer "}):
        response = client.open(url, method=method, json=body, headers=headers)
        assert "MEDSEARCH_API_TOKEN" in error_message(response, 403)
    assert state(client) == before
    app.extensions["search"].close()


def test_the_right_token_writes(client):
    response = client.put("/api/entries/hacked", json=REPLACEMENT, headers=AUTH)
    assert response.status_code == 201
    assert client.get("/api/search?q=hacked").get_json()["total"] == 1


def test_token_is_compared_in_constant_time(client, monkeypatch):
    calls = []
    real = hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    wrong = client.delete("/api/entries/gout", headers={"Authorization": "Bearer no"})
    assert wrong.status_code == 401
    assert calls == [(b"no", TOKEN.encode())]
    right = client.delete("/api/entries/gout", headers=AUTH)
    assert right.status_code == 200
    assert calls[1:] == [(TOKEN.encode(), TOKEN.encode())]


def test_token_check_has_no_plain_comparison():
    # The app and the buffering front share one check, in security.py.
    api = (REPO / "webapp" / "api.py").read_text(encoding="utf-8")
    assert "bearer_matches(" in api
    source = (REPO / "webapp" / "security.py").read_text(encoding="utf-8")
    assert "hmac.compare_digest(" in source
    for text in (api, source):
        assert not re.search(r"(==|!=)\s*token\b|\btoken\s*(==|!=)", text)


def test_body_over_the_limit_is_413_and_changes_nothing(client, app):
    limit = app.config["MAX_CONTENT_LENGTH"]
    assert limit == 1024 * 1024
    before = state(client)
    body = json.dumps(REPLACEMENT).encode()
    body += b" " * (limit + 1 - len(body))
    response = client.put(
        "/api/entries/gout", data=body, content_type="application/json", headers=AUTH
    )
    error_message(response, 413)
    assert state(client) == before


def put_streamed(client, url: str, body: bytes, content_type: str):
    """A chunked body without Content-Length, as gunicorn passes it on."""
    response = client.put(
        url,
        input_stream=io.BytesIO(body),
        content_type=content_type,
        headers={**AUTH, "Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert response.request.content_length is None
    return response


@pytest.mark.parametrize("content_type", ["application/json", "text/plain"])
def test_streamed_body_over_the_limit_is_413_not_cut(client, app, content_type):
    """Werkzeug would cut a streamed body at the limit, and its first MiB can
    be a valid entry: it must be refused, not stored truncated."""
    limit = app.config["MAX_CONTENT_LENGTH"]
    before = state(client)
    if content_type == "application/json":
        body = json.dumps(REPLACEMENT).encode() + b" " * limit
    else:
        body = "Hacked\n\n  • Definition\n    • ".encode() + b"x" * limit
    response = put_streamed(client, "/api/entries/gout", body, content_type)
    error_message(response, 413)
    assert state(client) == before


def test_streamed_body_of_exactly_the_limit_is_accepted(client, app):
    body = json.dumps(REPLACEMENT).encode()
    body += b" " * (app.config["MAX_CONTENT_LENGTH"] - len(body))
    response = put_streamed(client, "/api/entries/hacked", body, "application/json")
    assert response.status_code == 201


def test_body_of_exactly_the_limit_is_accepted(client, app):
    limit = app.config["MAX_CONTENT_LENGTH"]
    body = json.dumps(REPLACEMENT).encode()
    body += b" " * (limit - len(body))
    assert len(body) == limit
    response = client.put(
        "/api/entries/hacked", data=body, content_type="application/json", headers=AUTH
    )
    assert response.status_code == 201


BAD_BODIES = [
    (b"{", "application/json", "not valid JSON"),
    (b"", "application/json", "not valid JSON"),
    (b'{"title": "X",}', "application/json", "not valid JSON"),
    (b"[" * 100_000, "application/json", "nested too deeply"),
    (b'{"title": "X", "n": ' + b"1" * 5_000 + b"}", "application/json", "too long"),
    (b"\xff\xfe{}", "application/json", "UTF-8"),
    (b'"just a string"', "application/json", "JSON object"),
    (b"[]", "application/json", "JSON object"),
    (b"null", "application/json", "JSON object"),
    (b"{}", "application/json", "'title'"),
    (b'{"title": ""}', "application/json", "'title'"),
    (b'{"title": "   "}', "application/json", "'title'"),
    (b'{"title": 123}', "application/json", "'title'"),
    (b'{"title": ["X"]}', "application/json", "'title'"),
    (b'{"title": null}', "application/json", "'title'"),
    (json.dumps({"title": "X" * 301}).encode(), "application/json", "300"),
    (b'{"title": "X", "alternative_names": "A"}', "application/json", "names'"),
    (b'{"title": "X", "alternative_names": [1]}', "application/json", "names'"),
    (
        json.dumps({"title": "X", "alternative_names": ["a"] * 201}).encode(),
        "application/json",
        "200 alternative names",
    ),
    (b'{"title": "X", "sections": {}}', "application/json", "'sections'"),
    (b'{"title": "X", "sections": [1]}', "application/json", "sections[0]"),
    (b'{"title": "X", "sections": [{"text": "t"}]}', "application/json", ".name"),
    (
        b'{"title": "X", "sections": [{"name": "A", "text": 5}]}',
        "application/json",
        "sections[0].text",
    ),
    (b"", "text/plain", "empty"),
    (b"title=X", "application/x-www-form-urlencoded", "application/json"),
    (b"<entry/>", "application/xml", "application/json"),
    (b'{"title": "X"}', "", "application/json"),
    (b'{"title": "X"}', "multipart/form-data; boundary=x", "application/json"),
]


@pytest.mark.parametrize(
    "body, content_type, problem", BAD_BODIES, ids=lambda v: repr(v)[:30]
)
def test_bad_body_is_400_naming_the_problem_and_changes_nothing(
    client, body, content_type, problem
):
    before = state(client)
    for url in ("/api/entries/gout", "/api/entries/hacked"):
        response = client.put(url, data=body, content_type=content_type, headers=AUTH)
        assert problem in error_message(response, 400)
    assert state(client) == before


@pytest.mark.parametrize(
    "path, status",
    [
        ("..", 400),
        (".", 400),
        ("-x", 400),
        ("a" * 200, 400),
        ("a%20b", 400),
        ("%00", 400),
        ("gout%0A", 400),  # "$" would match before the newline
        ("gout%0D%0A", 400),
        ("%3Cscript%3E", 400),
        ("caf%C3%A9", 400),
        ("..%2Fetc", 404),
        ("../etc", 404),
        ("", 404),
        ("gout/extra", 404),
    ],
)
def test_invalid_entry_id_is_4xx_json_and_changes_nothing(client, path, status):
    before = state(client)
    response = client.put(f"/api/entries/{path}", json=REPLACEMENT, headers=AUTH)
    message = error_message(response, status)
    if status == 400:
        assert "Invalid entry id" in message
    response = client.delete(f"/api/entries/{path}", headers=AUTH)
    assert response.status_code == 404
    error_message(response, 404)
    assert state(client) == before


@pytest.fixture(scope="module")
def fuzz_write_client(tmp_path_factory):
    path = tmp_path_factory.mktemp("fuzzwrite") / "index"
    build_index(make_entries(), path)
    app = create_app({"TESTING": True, "INDEX_DIR": str(path), "API_TOKEN": TOKEN})
    yield app.test_client()
    app.extensions["search"].close()


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["title", "alternative_names", "sections", "name", "text"])
            | st.text(max_size=8),
            children,
            max_size=4,
        )
    ),
    max_leaves=12,
)


@settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    entry_id=st.sampled_from(["gout", "fuzzed", "-bad", "x" * 129]),
    body=json_values,
)
def test_any_json_body_is_stored_or_refused_cleanly(fuzz_write_client, entry_id, body):
    """Random JSON (valid entries included): 200/201, or a 400 naming why."""
    response = fuzz_write_client.put(
        f"/api/entries/{entry_id}", json=body, headers=AUTH
    )
    if response.status_code in (200, 201):
        assert isinstance(body, dict) and isinstance(body.get("title"), str)
        stored = fuzz_write_client.get(f"/api/entries/{entry_id}").get_json()
        assert stored["title"] == body["title"].strip()
    else:
        assert error_message(response, 400)


# -- a missing or corrupt index ------------------------------------------------------


def _generation(index: Path) -> Path:
    return index / (index / "CURRENT").read_text().strip()


def garble_toc(index: Path) -> None:
    for toc in _generation(index).glob("*.toc"):
        toc.write_bytes(b"not a table of contents" * 10)


def truncate_toc(index: Path) -> None:
    for toc in _generation(index).glob("*.toc"):
        toc.write_bytes(toc.read_bytes()[:20])


def remove_toc(index: Path) -> None:
    for toc in _generation(index).glob("*.toc"):
        toc.unlink()


def point_at_missing_generation(index: Path) -> None:
    (index / "CURRENT").write_text("gen-999999\n")


def garble_segment(index: Path) -> None:
    for seg in _generation(index).glob("*.seg"):
        seg.write_bytes(b"\0" * seg.stat().st_size)


def truncate_segment(index: Path) -> None:
    for seg in _generation(index).glob("*.seg"):
        seg.write_bytes(seg.read_bytes()[:100])


def binary_junk_in_current(index: Path) -> None:
    (index / "CURRENT").write_bytes(b"\xff\xfe\x00junk\n")


CORRUPTIONS = [
    garble_toc,
    truncate_toc,
    remove_toc,
    point_at_missing_generation,
    garble_segment,
    truncate_segment,
    binary_junk_in_current,
]


@pytest.fixture
def leaks():
    """Whoosh leaves a corrupt segment's file open; close it inside the test
    (whose ``filterwarnings`` mark ignores the ResourceWarning)."""
    yield
    gc.collect()


# Whoosh does not close a segment file it failed to read.
ignore_leaks = pytest.mark.filterwarnings("ignore::ResourceWarning")


@pytest.fixture
def built_index(tmp_path: Path, entry_files: Path, monkeypatch) -> Path:
    index = tmp_path / "index"
    code, _, err = run_main(
        monkeypatch,
        medsearch_main,
        "index",
        str(entry_files),
        "--index-dir",
        str(index),
    )
    assert code == 0, err
    return index


def run_main(monkeypatch, main, *args: str) -> tuple[int, str, str]:
    """Run a console script in-process; an escaping exception fails the test."""
    import contextlib

    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "argv", ["medsearch", *args])
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main()
        except SystemExit as exc:
            code = exc.code or 0
    return code, out.getvalue(), err.getvalue()


def test_missing_index_pages_api_and_cli_name_the_command(tmp_path, monkeypatch):
    missing = tmp_path / "no-index"
    app = create_app({"TESTING": True, "INDEX_DIR": str(missing), "API_TOKEN": TOKEN})
    client = app.test_client()
    for url in ("/search?q=gout", "/entry/gout", "/synonyms?term=gout", "/stats"):
        html = page(client, url, status=503)
        assert "medsearch index" in html and "Search unavailable" in html
        assert "Traceback" not in html
    for url in (
        "/api/search?q=gout",
        "/api/suggest?q=go",
        "/api/synonyms?term=gout",
        "/api/entries/gout",
        "/api/stats",
        "/healthz",
    ):
        assert "medsearch index" in error_message(client.get(url), 503)
    response = client.put("/api/entries/gout", json=REPLACEMENT, headers=AUTH)
    assert "medsearch index" in error_message(response, 503)
    assert not missing.exists() or not (missing / "CURRENT").exists()
    app.extensions["search"].close()
    for main in (indexer_main, medsearch_main):
        code, out, err = run_main(
            monkeypatch, main, "search", "x", "--index-dir", str(missing)
        )
        assert code == 1 and out == ""
        assert err.startswith("Error: No search index in")
        assert "medsearch index" in err and "Traceback" not in err


@ignore_leaks
@pytest.mark.parametrize("corrupt", CORRUPTIONS)
def test_corrupt_index_is_reported_and_rebuild_repairs_it(
    built_index, entry_files, corrupt, monkeypatch, leaks
):
    corrupt(built_index)
    app = create_app(
        {"TESTING": True, "INDEX_DIR": str(built_index), "API_TOKEN": TOKEN}
    )
    client = app.test_client()
    for url in ("/search?q=gout", "/entry/gout", "/synonyms?term=gout"):
        html = page(client, url, status=503)
        assert "medsearch index --rebuild" in html and "Traceback" not in html
    for url in ("/api/search?q=gout", "/api/entries/gout", "/healthz"):
        assert "medsearch index --rebuild" in error_message(client.get(url), 503)

    code, out, err = run_main(
        monkeypatch, indexer_main, "search", "gout", "--index-dir", str(built_index)
    )
    assert code == 1 and out == ""
    assert err.startswith("Error: The search index in")
    assert "medsearch index --rebuild" in err and "Traceback" not in err

    code, out, err = run_main(
        monkeypatch,
        medsearch_main,
        "index",
        "--rebuild",
        str(entry_files),
        "--index-dir",
        str(built_index),
    )
    assert code == 0, err
    assert "Built index" in out
    with SearchService(built_index) as service:
        assert service.search("gout").results[0].entry_id == "gout"
    # The running app recovers without a restart.
    assert client.get("/api/search?q=gout").status_code == 200
    assert page(client, "/entry/gout")
    app.extensions["search"].close()


@ignore_leaks
def test_server_starts_on_a_corrupt_segment(built_index, leaks):
    garble_segment(built_index)
    failure = None
    try:
        app = create_app({"INDEX_DIR": str(built_index), "WARM": True})
    except pickle.UnpicklingError as exc:
        failure = str(exc)  # the traceback would keep Whoosh's open file alive
    if failure is not None:
        gc.collect()
        raise pickle.UnpicklingError(failure)
    response = app.test_client().get("/api/search?q=gout")
    assert "medsearch index --rebuild" in error_message(response, 503)


@pytest.mark.parametrize("corrupt", [None, garble_toc])
def test_cli_as_documented_exits_non_zero_without_a_traceback(
    tmp_path, built_index, corrupt
):
    """``python -m indexer search x --index-dir DIR``, in a real process."""
    if corrupt is None:
        index, command = tmp_path / "empty", "medsearch index --index-dir"
        index.mkdir()
    else:
        corrupt(built_index)
        index, command = built_index, "medsearch index --rebuild --index-dir"
    out = subprocess.run(
        [sys.executable, "-m", "indexer", "search", "x", "--index-dir", str(index)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )
    assert out.returncode == 1
    assert out.stdout == ""
    assert f"{command} {index}" in out.stderr
    assert "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
