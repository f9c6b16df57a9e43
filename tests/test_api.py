"""The JSON API: search, entries, health and statistics, and the write API."""

from __future__ import annotations

import json
import re

import pytest

from indexer import Entry, Paragraph, Section, build_index
from webapp import create_app

AUTH = {"Authorization": "Bearer test-token"}

NEW_ENTRY = {
    "title": "Frostbite",
    "alternative_names": ["Cold injury", "Frostnip"],
    "sections": [
        {"name": "Definition", "text": "Frozen skin and tissue from extreme cold."},
        {"name": "Treatment", "text": "Rewarm slowly:\n- warm water\n- blankets"},
        {"name": "Outlook", "text": ""},
    ],
}


def error_of(response) -> str:
    data = response.get_json()
    assert set(data) == {"error"}
    assert data["error"]["status"] == response.status_code
    return data["error"]["message"]


def hit_ids(client, query: str) -> list[str]:
    response = client.get("/api/search", query_string={"q": query})
    assert response.status_code == 200
    return [r["entry_id"] for r in response.get_json()["results"]]


# -- reading ------------------------------------------------------------------


def test_search_shape(ro_client):
    response = ro_client.get("/api/search?q=gout")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    data = response.get_json()
    assert {"query", "total", "page", "per_page", "took_ms", "results"} <= set(data)
    # "gout" names its entry, so all three of its sections are listed.
    assert (data["query"], data["total"], data["page"], data["per_page"]) == (
        "gout",
        3,
        1,
        10,
    )
    for result in data["results"]:
        assert {
            "entry_id",
            "section_id",
            "title",
            "section",
            "snippet",
            "score",
            "url",
        } <= set(result)
    assert [r["entry_id"] for r in data["results"]] == ["gout"] * 3


def server_timing(response) -> dict[str, str]:
    """The ``Server-Timing`` metrics: name -> its parameters."""
    metrics = {}
    for metric in response.headers["Server-Timing"].split(","):
        name, _, params = metric.strip().partition(";")
        metrics[name] = params
    return metrics


def test_a_search_says_what_each_stage_took(ro_client):
    url = "/api/search?q=gout+kidney+stones&per_page=3"
    metrics = server_timing(ro_client.get(url))
    assert list(metrics) == ["plan", "rank", "page"]
    for params in metrics.values():
        assert re.fullmatch(r"dur=\d+\.\d\d", params)
    # The same search again comes from the result cache: nothing worked out.
    assert server_timing(ro_client.get(url)) == {"cache": 'desc="result cache"'}


def test_a_per_entry_the_client_gives_is_strict(ro_client):
    data = ro_client.get("/api/search?q=gout&per_entry=2").get_json()
    assert [r["entry_id"] for r in data["results"]] == ["gout"] * 2
    assert data["total"] == 2


def test_search_matches_the_service(ro_client, service):
    data = ro_client.get("/api/search?q=kidney+stones+gout").get_json()
    expected = service.search("kidney stones gout").to_json()
    data.pop("took_ms"), expected.pop("took_ms")
    assert data == expected


def test_search_keeps_non_ascii_and_markup_as_text(ro_client):
    response = ro_client.get("/api/search", query_string={"q": "Ménière"})
    assert "Ménière disease" in response.get_data(as_text=True)  # not \\u00e9
    data = ro_client.get("/api/search?q=alert").get_json()
    (result,) = data["results"]
    assert result["title"] == "Markup <script>alert(1)</script> test"
    assert "<script" not in result["snippet"]


def test_search_without_query_is_empty(ro_client):
    data = ro_client.get("/api/search").get_json()
    assert (data["total"], data["results"]) == (0, [])


def test_search_pages(ro_client):
    q = "gout OR kidney OR ablation OR vertigo"
    one = ro_client.get("/api/search", query_string={"q": q, "per_page": 3}).get_json()
    two = ro_client.get(
        "/api/search", query_string={"q": q, "per_page": 3, "page": 2}
    ).get_json()
    assert (one["page"], one["per_page"], two["page"]) == (1, 3, 2)
    ids = [r["section_id"] for r in one["results"]]
    more = [r["section_id"] for r in two["results"]]
    assert len(ids) == len(more) == 3
    assert not set(ids) & set(more)


def test_search_section_and_entry_filters(ro_client):
    data = ro_client.get("/api/search?q=ablation&section=Treatment").get_json()
    assert [r["section_id"] for r in data["results"]] == ["tumor-ablation_Sec2"]
    assert data["section"] == "Treatment"
    data = ro_client.get("/api/search?q=gout&entry=gout").get_json()
    assert len(data["results"]) == 3
    assert data["entry"] == "gout"


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"per_page": "abc"}, "per_page"),
        ({"per_page": "0"}, "per_page"),
        ({"per_page": "51"}, "per_page"),
        ({"per_page": "-1"}, "per_page"),
        ({"per_page": "1.5"}, "per_page"),
        ({"per_entry": "0"}, "per_entry"),
        ({"per_entry": "11"}, "per_entry"),
        ({"per_entry": "two"}, "per_entry"),
        ({"per_entry": "\u00b2"}, "per_entry"),  # a digit to isdigit, not to int
        ({"per_entry": "Auto"}, "per_entry"),
        ({"page": "0"}, "page"),
        ({"page": "x"}, "page"),
        ({"page": "99999999999999999999"}, "page"),
        ({"exact": "yes"}, "exact"),  # read as off, it searched with synonyms
        ({"exact": "2"}, "exact"),
    ],
)
def test_bad_numbers_are_400_json(ro_client, params, name):
    response = ro_client.get("/api/search", query_string={"q": "gout", **params})
    assert response.status_code == 400
    assert response.mimetype == "application/json"
    assert f"'{name}'" in error_of(response)


def test_get_entry(ro_client, entries):
    response = ro_client.get("/api/entries/kidney-stones")
    assert response.status_code == 200
    data = response.get_json()
    assert data["entry_id"] == "kidney-stones"
    assert data["title"] == "Kidney stones"
    assert data["alternative_names"] == ["Renal calculi", "Nephrolithiasis"]
    assert [s["name"] for s in data["sections"]] == ["Definition", "Causes", "Symptoms"]
    assert data["sections"][2]["text"] == ""
    assert data["url"] is None  # no original page for a hand-written entry


def test_get_entry_keeps_its_source_url(tmp_path):
    source = "https://medlineplus.gov/genetics/condition/example/"
    entry = Entry(
        "GHR_0000001",
        "Example syndrome",
        sections=(Section("GHR_0000001_Sec1", "Summary", 1, (Paragraph("Rare."),)),),
        source="GHR",
        source_name="Genetics Home Reference",
        url=source,
    )
    build_index([entry], tmp_path / "index")
    app = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "index")})
    try:
        client = app.test_client()
        data = client.get("/api/entries/GHR_0000001").get_json()
        assert (data["url"], data["source"]) == (source, "GHR")
        assert f'href="{source}"' in client.get("/entry/GHR_0000001").text
    finally:
        app.extensions["search"].close()


def test_get_entry_keeps_lists(ro_client):
    data = ro_client.get("/api/entries/gout").get_json()
    treatment = data["sections"][2]
    assert treatment["blocks"] == [
        {"paragraph": "Colchicine calms a gout flare."},
        {"list": ["Rest the joint", "Drink water"]},
    ]


def test_unknown_entry_is_404_json(ro_client):
    response = ro_client.get("/api/entries/no-such-entry")
    assert response.status_code == 404
    assert response.mimetype == "application/json"
    assert "no-such-entry" in error_of(response)


def test_unknown_api_path_is_404_json(ro_client):
    response = ro_client.get("/api/nothing")
    assert response.status_code == 404
    assert response.mimetype == "application/json"


def test_healthz_counts(ro_client, entries):
    response = ro_client.get("/healthz")
    assert response.status_code == 200
    data = response.get_json()
    assert data["status"] == "ok"
    assert data["entries"] == len(entries) == 5
    # The empty Symptoms section of kidney-stones is not a searchable section.
    assert data["sections"] == sum(len(e.sections) for e in entries) - 1 == 10


def test_stats(ro_client, entries):
    data = ro_client.get("/api/stats").get_json()
    assert data == {
        "entries": 5,
        "sections": 10,
        "names": sum(len(e.names) for e in entries),
        "segments": 1,
        "sources": [
            {"value": "corpus", "label": "Sample corpus", "entries": 5, "sections": 10}
        ],
    }


def test_api_security_headers(ro_client):
    response = ro_client.get("/api/search?q=gout")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]


@pytest.fixture
def missing_client(tmp_path):
    app = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "no-index")})
    yield app.test_client()
    app.extensions["search"].close()


@pytest.mark.parametrize("url", ["/healthz", "/api/search?q=gout", "/api/stats"])
def test_missing_index_is_503_json(missing_client, url):
    response = missing_client.get(url)
    assert response.status_code == 503
    assert "medsearch index" in error_of(response)


# -- writing ----------------------------------------------------------------------


def counts(client) -> dict:
    return client.get("/api/stats").get_json()


def put(client, entry_id, body, headers=AUTH, **kwargs):
    if isinstance(body, dict):
        kwargs.setdefault("content_type", "application/json")
        body = json.dumps(body)
    return client.put(f"/api/entries/{entry_id}", data=body, headers=headers, **kwargs)


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong-token"},
        {"Authorization": "Bearer "},
        {"Authorization": "test-token"},
        {"Authorization": "Basic test-token"},
        {"Authorization": "Bearer test-token-and-more"},
    ],
)
def test_put_without_the_right_token_is_401(client, headers):
    before = counts(client)
    response = put(client, "frostbite", NEW_ENTRY, headers=headers)
    assert response.status_code == 401
    assert "Bearer" in response.headers["WWW-Authenticate"]
    assert "Authorization" in error_of(response)
    assert counts(client) == before
    assert client.get("/api/entries/frostbite").status_code == 404


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}])
def test_delete_without_the_right_token_is_401(client, headers):
    response = client.delete("/api/entries/gout", headers=headers)
    assert response.status_code == 401
    assert hit_ids(client, "podagra") == ["gout"] * 3


def test_put_json_creates_a_searchable_entry(client):
    assert hit_ids(client, "frostbite") == []  # also warms the searcher
    response = put(client, "frostbite", NEW_ENTRY)
    assert response.status_code == 201
    assert response.get_json() == {
        "entry_id": "frostbite",
        "status": "created",
        "sections": 2,
        "url": "/entry/frostbite",
    }
    assert hit_ids(client, "frostbite") == ["frostbite", "frostbite"]
    assert hit_ids(client, "frostnip") == ["frostbite", "frostbite"]
    assert hit_ids(client, "blankets") == ["frostbite"]
    entry = client.get("/api/entries/frostbite").get_json()
    assert [s["name"] for s in entry["sections"]] == [
        "Definition",
        "Treatment",
        "Outlook",
    ]
    assert entry["sections"][1]["blocks"][1] == {"list": ["warm water", "blankets"]}
    assert client.get("/entry/frostbite").status_code == 200
    assert counts(client)["entries"] == 6


CHANGED = {
    "title": "Frostbite",
    "sections": [{"name": "Treatment", "text": "Rewarm in a bath."}],
}


def test_put_again_replaces_the_entry(client):
    assert put(client, "frostbite", NEW_ENTRY).status_code == 201
    response = put(client, "frostbite", CHANGED)
    assert response.status_code == 200
    assert response.get_json()["status"] == "updated"
    assert hit_ids(client, "blankets") == []
    assert hit_ids(client, "frostnip") == []
    assert hit_ids(client, "bath") == ["frostbite"]
    assert counts(client)["entries"] == 6
    assert counts(client)["sections"] == 11


def test_put_again_replaces_the_entry_for_a_server_that_searched(client):
    assert put(client, "frostbite", NEW_ENTRY).status_code == 201
    assert hit_ids(client, "blankets") == ["frostbite"]
    changed = {
        "title": "Frostbite",
        "sections": [{"name": "Treatment", "text": "Rewarm in a bath."}],
    }
    response = put(client, "frostbite", changed)
    assert response.status_code == 200
    assert response.get_json()["status"] == "updated"
    assert hit_ids(client, "blankets") == []
    assert hit_ids(client, "frostnip") == []
    assert hit_ids(client, "bath") == ["frostbite"]
    assert counts(client)["entries"] == 6
    assert counts(client)["sections"] == 11


def test_put_replaces_an_existing_entry(client):
    response = put(
        client,
        "gout",
        {"title": "Gout", "sections": [{"name": "Definition", "text": "Urate."}]},
    )
    assert response.status_code == 200
    assert hit_ids(client, "colchicine") == []
    assert hit_ids(client, "podagra") == []
    assert hit_ids(client, "urate") == ["gout"]


def test_put_text_format(client):
    body = (
        "Chilblains\n\n"
        "  • Alternative Names\n"
        "    • Pernio; Perniosis\n"
        "  • Definition\n"
        "    • Itchy red patches after cold.\n"
    )
    response = put(
        client,
        "chilblains",
        body.encode(),
        content_type="text/plain; charset=utf-8",
    )
    assert response.status_code == 201
    assert hit_ids(client, "perniosis") == ["chilblains"]
    entry = client.get("/api/entries/chilblains").get_json()
    assert entry["alternative_names"] == ["Pernio", "Perniosis"]
    assert entry["title"] == "Chilblains"


@pytest.mark.parametrize(
    ("body", "content_type", "problem"),
    [
        ("{not json", "application/json", "not valid JSON"),
        ("", "application/json", "not valid JSON"),
        ("[1, 2]", "application/json", "JSON object"),
        ('"Frostbite"', "application/json", "JSON object"),
        ("{}", "application/json", "'title'"),
        ('{"title": ""}', "application/json", "'title'"),
        ('{"title": "   "}', "application/json", "'title'"),
        ('{"title": 5}', "application/json", "'title'"),
        ('{"title": null}', "application/json", "'title'"),
        ('{"title": "' + "x" * 301 + '"}', "application/json", "'title'"),
        (
            '{"title": "F", "alternative_names": "Frostnip"}',
            "application/json",
            "'alternative_names'",
        ),
        (
            '{"title": "F", "alternative_names": [1]}',
            "application/json",
            "'alternative_names'",
        ),
        ('{"title": "F", "sections": {}}', "application/json", "'sections'"),
        ('{"title": "F", "sections": ["text"]}', "application/json", "sections[0]"),
        (
            '{"title": "F", "sections": [{"text": "x"}]}',
            "application/json",
            "sections[0].name",
        ),
        (
            '{"title": "F", "sections": [{"name": "A", "text": 5}]}',
            "application/json",
            "sections[0].text",
        ),
        (
            '{"title": "F", "sections": [{"name": "A", "text": ["x"]}]}',
            "application/json",
            "sections[0].text",
        ),
        ("Frostbite\n", "text/plain", "no sections"),
        ("  Frostbite\n\n  • Definition\n", "text/plain", "body:1"),
        ("Frostbite\n\nloose text\n", "text/plain", "body:3"),
        ("title=Frostbite", "application/x-www-form-urlencoded", "application/json"),
        ("<entry/>", "application/xml", "text/plain"),
    ],
)
def test_bad_body_is_400_naming_the_problem(client, body, content_type, problem):
    before = counts(client)
    response = put(client, "frostbite", body.encode(), content_type=content_type)
    assert response.status_code == 400
    assert response.mimetype == "application/json"
    assert problem in error_of(response)
    assert counts(client) == before
    assert client.get("/api/entries/frostbite").status_code == 404


def test_bad_body_leaves_an_existing_entry_alone(client):
    response = put(client, "gout", {"title": 5})
    assert response.status_code == 400
    assert hit_ids(client, "colchicine") == ["gout"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "Frost\udfffbite"}, "'title'"),
        ({"title": "Frostbite", "alternative_names": ["Nip", "x\ud800"]}, "names[1]"),
        ({"title": "F", "sections": [{"name": "S\udfff", "text": ""}]}, "[0].name"),
        ({"title": "F", "sections": [{"name": "S", "text": "cold\udfff"}]}, "[0].text"),
        ({"title": "F", "sections": [{"name": "S", "text": "a\x00b"}]}, "[0].text"),
        ({"title": "F\x1b[31m"}, "'title'"),
        ("Frostbite\n\n  \u2022 Definition\n    \u2022 a\x07b\n", "line 4"),
    ],
)
def test_text_no_page_could_show_is_400_naming_the_field(client, body, field):
    # A lone surrogate once was stored, and every page showing it was a 500.
    before = counts(client)
    if isinstance(body, str):
        response = put(client, "frostbite", body.encode(), content_type="text/plain")
    else:
        response = put(client, "frostbite", body)
    assert response.status_code == 400
    assert field in error_of(response)
    assert counts(client) == before
    for url in ("/api/search?q=frostbite", "/search?q=frostbite", "/entry/gout"):
        assert client.get(url).status_code == 200


def test_tabs_newlines_and_carriage_returns_are_text(client):
    body = {"title": "Frostbite", "sections": [{"name": "S", "text": "a\tb\r\nc"}]}
    assert put(client, "frostbite", body).status_code in (200, 201)


def test_body_that_is_not_utf8_is_400(client):
    response = put(
        client, "frostbite", b'{"title": "\xff"}', content_type="application/json"
    )
    assert response.status_code == 400
    assert "UTF-8" in error_of(response)


@pytest.mark.parametrize(
    "entry_id", ["-bad", "a b", "x" * 129, "caf\u00e9", ".hidden", "gout%0A", "a%0D"]
)
def test_bad_entry_id_is_400(client, entry_id):
    response = put(client, entry_id, NEW_ENTRY)
    assert response.status_code == 400
    assert "entry id" in error_of(response)


def test_body_over_the_limit_is_413_json(client, app):
    before = counts(client)
    limit = app.config["MAX_CONTENT_LENGTH"]
    text = "x" * (
        limit + 1 - len('{"title": "F", "sections": [{"name": "A", "text": ""}]}')
    )
    body = json.dumps({"title": "F", "sections": [{"name": "A", "text": text}]})
    assert len(body) > limit
    response = put(client, "frostbite", body.encode(), content_type="application/json")
    assert response.status_code == 413
    assert response.mimetype == "application/json"
    error_of(response)
    assert counts(client) == before


def test_delete_removes_the_entry(client):
    response = client.delete("/api/entries/gout", headers=AUTH)
    assert response.status_code == 200
    assert response.get_json() == {"entry_id": "gout", "status": "deleted"}
    assert hit_ids(client, "podagra") == []
    assert hit_ids(client, "colchicine") == []
    assert client.get("/api/entries/gout").status_code == 404
    assert client.get("/entry/gout").status_code == 404
    after = counts(client)
    assert (after["entries"], after["sections"], after["names"]) == (4, 7, 9)
    assert [(s["value"], s["entries"]) for s in after["sources"]] == [("corpus", 4)]


def test_delete_is_seen_by_a_server_that_searched(client):
    assert hit_ids(client, "podagra") == ["gout"] * 3
    assert counts(client)["entries"] == 5
    assert client.delete("/api/entries/gout", headers=AUTH).status_code == 200
    assert hit_ids(client, "podagra") == []
    assert counts(client)["entries"] == 4


def test_delete_unknown_is_404(client):
    before = counts(client)
    response = client.delete("/api/entries/no-such-entry", headers=AUTH)
    assert response.status_code == 404
    assert "no-such-entry" in error_of(response)
    assert counts(client) == before


def test_healthz_follows_writes(client):
    assert client.get("/healthz").get_json()["entries"] == 5
    put(client, "frostbite", NEW_ENTRY)
    assert client.get("/healthz").get_json()["entries"] == 6


def test_write_is_seen_by_another_app_on_the_same_index(client, index_dir):
    # Another server worker: its own app and service over the same folder.
    other = create_app(
        {"TESTING": True, "INDEX_DIR": str(index_dir), "REFRESH_INTERVAL": 0}
    )
    try:
        reader = other.test_client()
        assert hit_ids(reader, "frostbite") == []
        assert put(client, "frostbite", NEW_ENTRY).status_code == 201
        assert hit_ids(reader, "frostbite") == ["frostbite", "frostbite"]
    finally:
        other.extensions["search"].close()


@pytest.mark.parametrize("token", [None, ""])
def test_write_api_is_off_without_a_token(index_dir, token):
    app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "API_TOKEN": token})
    try:
        client = app.test_client()
        response = put(client, "frostbite", NEW_ENTRY)
        assert response.status_code == 403
        assert "MEDSEARCH_API_TOKEN" in error_of(response)
        response = client.delete("/api/entries/gout", headers=AUTH)
        assert response.status_code == 403
        assert hit_ids(client, "podagra") == ["gout"] * 3
        assert hit_ids(client, "frostbite") == []
    finally:
        app.extensions["search"].close()


def test_writes_are_not_cached(client):
    # Reads may be stored but are revalidated against the index state ...
    assert client.get("/api/search?q=gout").headers["Cache-Control"] == (
        "public, no-cache"
    )
    response = client.delete("/api/entries/gout", headers=AUTH)
    # ... writes are never stored.
    assert response.headers["Cache-Control"] == "no-store"


def test_read_is_revalidated_until_a_write_changes_the_index(client):
    first = client.get("/api/search?q=gout")
    etag = first.headers["ETag"]
    again = client.get("/api/search?q=gout", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert client.delete("/api/entries/gout", headers=AUTH).status_code == 200
    after = client.get("/api/search?q=gout", headers={"If-None-Match": etag})
    assert after.status_code == 200
    assert after.headers["ETag"] != etag
    assert "gout" not in {r["entry_id"] for r in after.get_json()["results"]}


@pytest.mark.parametrize(
    ("value", "exact"),
    [("1", True), ("true", True), ("0", False), ("false", False), ("", False)],
)
def test_exact_is_a_switch_of_the_values_the_api_lists(ro_client, value, exact):
    query = {"q": "kidney stones", "exact": value}
    data = ro_client.get("/api/search", query_string=query).get_json()
    assert ("expanded" in data) is not exact  # synonyms only when not exact
