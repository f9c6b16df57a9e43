"""The write API's limits: one set of rules for JSON and text-format bodies,
and a bound on what one write may cost to index (issue 11, fault 4)."""

from __future__ import annotations

import json

import pytest

from indexer import Entry, Paragraph, Section
from indexer.build import indexed_chars
from indexer.errors import EntryTooLarge
from indexer.submission import MAX_DISTINCT_WORDS, MAX_INDEXED_CHARS, check_entry

from .test_security import AUTH, error_message, state


def as_text(body: dict) -> str:
    """The text format of a JSON entry body (names in their own section)."""
    lines = [body["title"], ""]
    if body.get("alternative_names"):
        lines += [
            "  \u2022 Alternative Names",
            "    \u2022 " + "; ".join(body["alternative_names"]),
        ]
    for section in body.get("sections", []):
        lines += [f"  \u2022 {section['name']}", f"    \u2022 {section['text']}"]
    return "\n".join(lines) + "\n"


def sections(count: int, name: str = "Part") -> list[dict]:
    return [{"name": f"{name} {n}", "text": f"Text {n}."} for n in range(count)]


def names(count: int, length: int = 20) -> list[str]:
    return [f"{n:03d}-" + "n" * (length - 4) for n in range(count)]


OVER_A_LIMIT = {
    "title": {"title": "T" * 301, "sections": sections(1)},
    "names": {"title": "T", "alternative_names": names(201), "sections": sections(1)},
    "name length": {
        "title": "T",
        "alternative_names": names(1, 301),
        "sections": sections(1),
    },
    "sections": {"title": "T", "sections": sections(201)},
    "section name": {"title": "T", "sections": sections(1, "S" * 301)},
    # Every count within its limit, but the names go into every section:
    # 200 names of 300 characters in 200 sections index 12 million.
    "indexed size": {
        "title": "T",
        "alternative_names": names(200, 300),
        "sections": sections(200),
    },
    # Each different word is a term Whoosh writes on its own: 1 MiB of
    # them took 26 s to commit.
    "different words": {
        "title": "T",
        "sections": [{"name": "S", "text": " ".join(f"w{n}" for n in range(10_000))}],
    },
}
TOO_COSTLY = {"indexed size", "different words"}


@pytest.mark.parametrize("limit", OVER_A_LIMIT, ids=str)
def test_text_and_json_bodies_over_a_limit_get_the_same_answer(client, limit):
    body = OVER_A_LIMIT[limit]
    before = state(client)
    as_json = client.put("/api/entries/big", json=body, headers=AUTH)
    text = client.put(
        "/api/entries/big",
        data=as_text(body).encode(),
        content_type="text/plain",
        headers=AUTH,
    )
    status = 413 if limit in TOO_COSTLY else 400
    assert error_message(text, status) == error_message(as_json, status)
    assert state(client) == before


def test_the_issue_s_60_kb_text_body_is_refused_before_any_indexing(
    client, monkeypatch
):
    """1,000 names in 1,000 sections: once 102 s, 615 MB and 490 MB of index."""
    body = "Flood\n\n  \u2022 Alternative Names\n    \u2022 "
    body += "; ".join(f"flood synonym name {n:04d}" for n in range(1000)) + "\n"
    body += "".join(f"  \u2022 Section {n}\n    \u2022 Text.\n" for n in range(1000))
    assert 55_000 < len(body.encode()) < 65_000
    before = state(client)

    def no_write(*args, **kwargs):
        raise AssertionError("a refused write reached the index writer")

    monkeypatch.setattr("indexer.search.upsert_entries", no_write)
    response = client.put(
        "/api/entries/flood",
        data=body.encode(),
        content_type="text/plain",
        headers=AUTH,
    )
    assert error_message(response, 400) == (
        "At most 200 alternative names are allowed."
    )
    assert state(client) == before


def test_names_times_sections_within_every_count_is_413_naming_why(client):
    body = OVER_A_LIMIT["indexed size"]
    response = client.put(
        "/api/entries/big",
        data=as_text(body).encode(),
        content_type="text/plain",
        headers=AUTH,
    )
    message = error_message(response, 413)
    assert f"over the limit of {MAX_INDEXED_CHARS:,}" in message
    assert "200 alternative names" in message and "200 sections" in message


def test_duplicate_names_count_as_sent_in_both_formats(client):
    body = {"title": "T", "alternative_names": ["same"] * 201, "sections": sections(1)}
    for data, kind in (
        (json.dumps(body), "application/json"),
        (as_text(body), "text/plain"),
    ):
        response = client.put(
            "/api/entries/t", data=data.encode(), content_type=kind, headers=AUTH
        )
        assert "200 alternative names" in error_message(response, 400)


def test_text_format_names_are_stored_once_like_json(client):
    body = {
        "title": "Frostbite",
        "alternative_names": ["Frostnip", "frostnip", "Frostbite", "Cold injury"],
        "sections": sections(2),
    }
    for kind, data in (
        ("application/json", json.dumps(body)),
        ("text/plain", as_text(body)),
    ):
        response = client.put(
            "/api/entries/frostbite",
            data=data.encode(),
            content_type=kind,
            headers=AUTH,
        )
        assert response.status_code in (200, 201)
        stored = client.get("/api/entries/frostbite").get_json()
        assert stored["alternative_names"] == ["Frostnip", "Cold injury"]


def _entry_of_indexed_size(size: int) -> Entry:
    def entry(text: str) -> Entry:
        section = Section("x_Sec1", "Causes", 1, (Paragraph(text),))
        return Entry("x", "Gout", ("Podagra",), (section,))

    base = indexed_chars(entry("a"))
    made = entry("a" * (1 + size - base))
    assert indexed_chars(made) == size
    return made


def test_indexed_size_limit_is_inclusive():
    assert check_entry(_entry_of_indexed_size(MAX_INDEXED_CHARS))
    with pytest.raises(EntryTooLarge, match="would index 1,200,001 characters"):
        check_entry(_entry_of_indexed_size(MAX_INDEXED_CHARS + 1))


def test_a_section_as_large_as_the_body_limit_is_within_the_indexed_size_limit():
    """The body limit (1 MiB), not this one, bounds a single long text."""
    text = ("word " * 220_000)[: 1024 * 1024]
    section = Section("x_Sec1", "Causes", 1, (Paragraph(text),))
    entry = Entry("x", "T" * 300, tuple(names(200, 30)), (section,))
    assert check_entry(entry).sections == entry.sections


def test_different_words_limit_is_inclusive():
    def entry(count: int) -> Entry:
        text = " ".join(f"w{n}" for n in range(count - 3))  # + x, causes, gout
        section = Section("x_Sec1", "Causes", 1, (Paragraph(text),))
        return Entry("x", "Gout", ("X",), (section,))

    assert check_entry(entry(MAX_DISTINCT_WORDS))
    with pytest.raises(EntryTooLarge, match="10,001 different words"):
        check_entry(entry(MAX_DISTINCT_WORDS + 1))
