"""Shared fixtures: tiny hand-written entries, real on-disk indexes, the web app.

Read-only tests use the session-scoped indexes (``ro_index_dir``,
``corpus_index_dir``) and the services and clients built on them; only tests
that write use the function-scoped ``index_dir`` and the ``app``/``client``
built on it, so each of them starts from the same five entries.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from indexer import BulletList, Entry, Paragraph, SearchService, Section, build_index
from indexer.build import rebuild
from indexer.store import IndexStore
from webapp import create_app

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
# Kept out of corpus/ (what users browse); indexed beside it by the tests that
# check that titles, names and text are shown as text.
MARKUP_ENTRY = REPO / "tests" / "data" / "markup-test-entry.txt"
TOKEN = "test-token"

# The markup entry's text: HTML and quotes that pages must show, never run.
SCRIPT = "<script>alert(1)</script>"
QUOTES = '"quotes" & ampersands'


def _section(entry_id: str, n: int, name: str, *blocks) -> Section:
    return Section(f"{entry_id}_Sec{n}", name, n, tuple(blocks))


def make_entries() -> list[Entry]:
    """Five small entries whose words make the right ranking obvious.

    * ``gout``: "gout" in the title of every section but in the body of the
      Treatment section only (the third); "tumor" and "disease" once each in
      the body of its Definition.
    * ``kidney-stones``: alternative names; an empty Symptoms section.
    * ``tumor-ablation``: "tumor" and "ablation" in the title and the body.
    * ``meniere-disease``: an accented title; the codes HbA1c and COVID-19.
    * ``markup``: ``<script>``, quotes and ``&`` in title, name and text.
    """
    return [
        Entry(
            "gout",
            "Gout",
            ("Podagra", "Gouty arthritis"),
            (
                _section(
                    "gout",
                    1,
                    "Definition",
                    Paragraph(
                        "A painful joint disease caused by uric acid crystals in "
                        "the big toe. Lumps of crystals can look like a tumor."
                    ),
                ),
                _section(
                    "gout",
                    2,
                    "Outlook",
                    Paragraph("Most people do well with lifestyle changes."),
                ),
                _section(
                    "gout",
                    3,
                    "Treatment",
                    Paragraph("Colchicine calms a gout flare."),
                    BulletList(("Rest the joint", "Drink water")),
                ),
            ),
        ),
        Entry(
            "kidney-stones",
            "Kidney stones",
            ("Renal calculi", "Nephrolithiasis"),
            (
                _section(
                    "kidney-stones",
                    1,
                    "Definition",
                    Paragraph("A hard mass of minerals that forms in the kidney."),
                ),
                _section(
                    "kidney-stones",
                    2,
                    "Causes",
                    Paragraph(
                        "Too little water and too much salt. Uric acid can also "
                        "form stones."
                    ),
                ),
                _section("kidney-stones", 3, "Symptoms"),
            ),
        ),
        Entry(
            "tumor-ablation",
            "Tumor ablation",
            ("Thermal ablation",),
            (
                _section(
                    "tumor-ablation",
                    1,
                    "Definition",
                    Paragraph(
                        "Destroying a tumor with heat or cold instead of surgery."
                    ),
                ),
                _section(
                    "tumor-ablation",
                    2,
                    "Treatment",
                    Paragraph(
                        "Microwave ablation heats the tumor. Radiofrequency "
                        "ablation uses electric current. Cryoablation freezes it."
                    ),
                ),
            ),
        ),
        Entry(
            "meniere-disease",
            "Ménière disease",
            ("Endolymphatic hydrops",),
            (
                _section(
                    "meniere-disease",
                    1,
                    "Definition",
                    Paragraph(
                        "An inner ear disorder that causes vertigo and tinnitus."
                    ),
                ),
                _section(
                    "meniere-disease",
                    2,
                    "Exams and Tests",
                    Paragraph(
                        "A hearing test and an HbA1c check; COVID-19 testing is "
                        "not needed."
                    ),
                ),
            ),
        ),
        Entry(
            "markup",
            f"Markup {SCRIPT} test",
            (QUOTES,),
            (
                _section(
                    "markup",
                    1,
                    "Definition",
                    Paragraph(f"Text with {SCRIPT} and {QUOTES} inside."),
                ),
            ),
        ),
    ]


@pytest.fixture
def entries() -> list[Entry]:
    return make_entries()


@pytest.fixture
def index_dir(tmp_path: Path, entries: list[Entry]) -> Path:
    """A fresh index of the tiny entries, for tests that write."""
    path = tmp_path / "index"
    build_index(entries, path)
    return path


@pytest.fixture(scope="session")
def ro_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny entries' index, shared by every test that only reads."""
    path = tmp_path_factory.mktemp("ro") / "index"
    build_index(make_entries(), path)
    return path


@pytest.fixture(scope="session")
def corpus_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the repository's corpus/ and the markup test entry,
    shared by read-only tests."""
    path = tmp_path_factory.mktemp("corpus") / "index"
    report = rebuild(IndexStore(path), [CORPUS, MARKUP_ENTRY])
    assert not report.skipped, report.skipped
    return path


@pytest.fixture(scope="session")
def service(ro_index_dir: Path) -> Iterator[SearchService]:
    svc = SearchService(ro_index_dir)
    yield svc
    svc.close()


@pytest.fixture(scope="session")
def corpus_service(corpus_index_dir: Path) -> Iterator[SearchService]:
    svc = SearchService(corpus_index_dir)
    yield svc
    svc.close()


def _app(index_dir: Path, **config) -> Flask:
    return create_app(
        {"TESTING": True, "INDEX_DIR": str(index_dir), "API_TOKEN": TOKEN, **config}
    )


@pytest.fixture
def app(index_dir: Path) -> Iterator[Flask]:
    """The app over a fresh, writable index, with the write API on."""
    app = _app(index_dir)
    yield app
    app.extensions["search"].close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture(scope="session")
def ro_app(ro_index_dir: Path) -> Iterator[Flask]:
    """The app over the shared tiny index; no token, so nothing can write."""
    app = _app(ro_index_dir, API_TOKEN=None)
    yield app
    app.extensions["search"].close()


@pytest.fixture(scope="session")
def ro_client(ro_app: Flask) -> FlaskClient:
    return ro_app.test_client()


@pytest.fixture(scope="session")
def corpus_app(corpus_index_dir: Path) -> Iterator[Flask]:
    app = _app(corpus_index_dir, API_TOKEN=None)
    yield app
    app.extensions["search"].close()


@pytest.fixture(scope="session")
def corpus_client(corpus_app: Flask) -> FlaskClient:
    return corpus_app.test_client()


@pytest.fixture
def entry_files(tmp_path: Path) -> Path:
    """Two entry files of the sample corpus in a folder of their own."""
    folder = tmp_path / "entries"
    folder.mkdir()
    for name in ("gout", "asthma"):
        shutil.copy(CORPUS / f"{name}.txt", folder)
    return folder
