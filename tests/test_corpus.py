"""The text-format parser: the seed entry, bad files, and the sample corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.corpus import iter_entry_files, parse_entry_text, read_entry_file
from indexer.errors import ParseError
from indexer.model import BulletList, Entry, Heading, Paragraph, Section

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "liver-metastases.txt"


@pytest.fixture(scope="module")
def seed():
    if not SEED.is_file():
        pytest.skip(f"seed entry not found at {SEED} (it lives beside the repository)")
    return read_entry_file(SEED)


def test_seed_title_and_id(seed):
    assert seed.entry_id == "liver-metastases"
    assert seed.title == "Liver metastases"


def test_seed_alternative_names_split_on_semicolons(seed):
    assert seed.alternative_names == (
        "Metastases to the liver",
        "Metastatic liver cancer",
        "Liver cancer - metastatic",
        "Colorectal cancer - liver metastases",
        "Colon cancer - liver metastases",
        "Esophageal cancer - liver metastases",
        "Lung cancer - liver metastases",
        "Melanoma - liver metastases",
    )


def test_seed_sections_in_order_without_alternative_names(seed):
    assert [s.name for s in seed.sections] == [
        "Definition",
        "Causes",
        "Symptoms",
        "Exams and Tests",
        "Treatment",
        "Outlook (Prognosis)",
        "Possible Complications",
        "When to Contact a Medical Professional",
        "Prevention",
        "References",
    ]
    assert [s.position for s in seed.sections] == list(range(1, 11))
    assert [s.section_id for s in seed.sections][:2] == [
        "liver-metastases_Sec1",
        "liver-metastases_Sec2",
    ]


def test_seed_empty_sections_are_kept_but_empty(seed):
    by_name = {s.name: s for s in seed.sections}
    for name in ("Causes", "Exams and Tests"):
        assert by_name[name].is_empty
        assert by_name[name].blocks == ()
        assert by_name[name].text == ""
    assert not by_name["Symptoms"].is_empty


def test_seed_paragraphs_are_separate(seed):
    definition = seed.sections[0]
    assert definition.blocks == (
        Paragraph(
            "Liver metastases refer to cancer that has spread to the liver from "
            "somewhere else in the body."
        ),
        Paragraph(
            "Liver metastases are not the same as cancer that starts in the liver, "
            "which is called hepatocellular carcinoma."
        ),
    )


def test_seed_list_items_are_bullet_list_items(seed):
    treatment = next(s for s in seed.sections if s.name == "Treatment")
    assert treatment.blocks[0] == Paragraph("Treatment depends on:")
    assert treatment.blocks[1] == BulletList(
        (
            "The primary cancer site",
            "How many liver tumors you have",
            "Whether the cancer has spread to other organs",
            "Your overall health",
        )
    )
    assert isinstance(treatment.blocks[2], Paragraph)
    last = treatment.blocks[-1]
    assert isinstance(last, BulletList)
    assert len(last.items) == 4
    assert last.items[1].startswith("Heat, using radio or microwave energy:")
    assert "microwave ablation" in last.items[1]
    # Bullets are structure, not text: no item keeps its bullet character.
    assert not any(item.startswith("•") for item in last.items)


def test_seed_complications_list_follows_its_paragraphs(seed):
    complications = next(s for s in seed.sections if s.name == "Possible Complications")
    kinds = [type(b).__name__ for b in complications.blocks]
    assert kinds == ["Paragraph", "Paragraph", "BulletList"]
    assert complications.blocks[2].items[:3] == (
        "Blockage of the flow of bile",
        "Decreased appetite",
        "Fever",
    )


GOOD = "Title\n\n  • Definition\n    • Text.\n"


@pytest.mark.parametrize(
    ("content", "line", "reason"),
    [
        pytest.param(b"", 1, "empty", id="empty-file"),
        pytest.param(b"\n   \n", 1, "empty", id="blank-lines-only"),
        pytest.param(
            b"  Title\n\n  \xe2\x80\xa2 Definition\n",
            1,
            "first line",
            id="indented-title",
        ),
        pytest.param(
            "• Title\n\n  • Definition\n".encode(), 1, "first line", id="bullet-title"
        ),
        pytest.param(
            "Title\n\nSome text.\n  • Definition\n    • Text.\n".encode(),
            3,
            "before the first section",
            id="text-before-first-section",
        ),
        pytest.param(
            "Title\n\n  • Definition\n  Text at the heading's depth.\n".encode(),
            4,
            "indented deeper",
            id="content-not-indented-deeper",
        ),
        pytest.param(
            "Title\n\n  • Definition\nText at the margin.\n".encode(),
            4,
            "indented deeper",
            id="content-at-margin",
        ),
        pytest.param(
            b"Title\n\n  \xe2\x80\xa2 Definition\n    \xe2\x80\xa2 Caf\xe9 au lait\n",
            4,
            "not valid UTF-8",
            id="invalid-utf8",
        ),
        pytest.param(b"Title\n", 1, "no sections", id="title-only"),
        pytest.param(
            ("\n\n" + "x" * 301 + "\n\n  • Definition\n    • Text.\n").encode(),
            3,
            "title is over",
            id="long-title-after-blank-lines",
        ),
    ],
)
def test_bad_file_raises_parse_error_naming_file_and_line(
    tmp_path: Path, content: bytes, line: int, reason: str
):
    path = tmp_path / "bad-entry.txt"
    path.write_bytes(content)
    with pytest.raises(ParseError) as info:
        read_entry_file(path)
    assert info.value.line == line
    assert str(info.value).startswith(f"{path}:{line}: ")
    assert reason in str(info.value)


def test_good_file_parses(tmp_path: Path):
    path = tmp_path / "Good Entry.txt"
    path.write_text(GOOD, encoding="utf-8")
    entry = read_entry_file(path)
    assert entry.entry_id == "good-entry"
    assert [(s.name, s.text) for s in entry.sections] == [("Definition", "Text.")]


def test_windows_line_endings_bom_and_tabs_are_read(tmp_path: Path):
    path = tmp_path / "crlf.txt"
    text = "Title\r\n\r\n\t• Definition\r\n\t\t• One.\r\n\r\n\t\t  Two.\r\n"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    entry = read_entry_file(path)
    assert entry.title == "Title"
    assert entry.sections[0].blocks == (Paragraph("One."), Paragraph("Two."))


def test_alternative_names_drop_duplicates_and_the_title():
    entry = parse_entry_text(
        "Gout\n\n"
        "  • Alternative Names\n"
        "    • Podagra; gout; ; PODAGRA; Gouty arthritis\n"
        "  • Definition\n"
        "    • Text.\n",
        "gout",
    )
    assert entry.alternative_names == ("Podagra", "Gouty arthritis")
    assert [s.name for s in entry.sections] == ["Definition"]
    assert entry.sections[0].section_id == "gout_Sec1"


def test_entry_without_alternative_names():
    entry = parse_entry_text("Gout\n\n  • Definition\n    • Text.\n", "gout")
    assert entry.alternative_names == ()


@pytest.fixture(scope="module")
def corpus_files() -> list[Path]:
    return list(iter_entry_files([CORPUS]))


def test_every_corpus_file_parses(corpus_files: list[Path]):
    assert len(corpus_files) >= 25
    entries = [read_entry_file(path) for path in corpus_files]
    ids = [e.entry_id for e in entries]
    assert len(set(ids)) == len(ids)
    for entry in entries:
        assert entry.title
        assert entry.sections, entry.entry_id
        assert any(not s.is_empty for s in entry.sections), entry.entry_id


def test_most_corpus_entries_have_alternative_names(corpus_files: list[Path]):
    entries = [read_entry_file(path) for path in corpus_files]
    with_names = [e for e in entries if e.alternative_names]
    assert len(with_names) > len(entries) / 2
    # Some have none: the format allows it and the index must cope.
    assert len(with_names) < len(entries)


def test_corpus_readme_is_not_an_entry(corpus_files: list[Path]):
    assert CORPUS / "README" not in corpus_files
    assert all(path.suffix == ".txt" for path in corpus_files)


def test_heading_blocks_round_trip_through_the_entry_json():
    section = Section("x_Sec1", "Causes", 1, (Heading("Genes"), Paragraph("Some.")))
    entry = Entry("x", "X", sections=(section,))
    data = entry.to_json()
    assert data["sections"][0]["blocks"] == [
        {"heading": "Genes"},
        {"paragraph": "Some."},
    ]
    assert data["sections"][0]["text"] == "Genes\n\nSome."  # searched as before
    assert Entry.from_json(data) == entry
    # An entry stored before headings existed still reads.
    del data["sections"][0]["blocks"][0]
    assert Entry.from_json(data).sections[0].blocks == (Paragraph("Some."),)


def test_demo_corpus_holds_no_test_fixtures(corpus_files: list[Path]):
    # The markup entry checks escaping; users browsing the demo must not see it.
    titles = [read_entry_file(path).title for path in corpus_files]
    assert not [title for title in titles if "<" in title or "test entry" in title]
