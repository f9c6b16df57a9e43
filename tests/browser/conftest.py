"""Fixtures for the real-browser tests: a live server and Debian's Chromium.

The tests drive the system Chromium through pytest-playwright. They never use
``playwright install``, which downloads a browser of its own. Without Chromium,
every test in this folder is skipped.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import ConsoleMessage, Error, Page
from werkzeug.serving import make_server

from indexer.build import rebuild
from indexer.corpus import THESAURUS_FILE
from indexer.store import IndexStore
from webapp import create_app

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
MEDQUAD = Path(os.environ.get("MEDQUAD_DIR") or REPO.parent / "shared" / "medquad")
#: Real MedQuAD files the entry-page tests read (indexed when present): one
#: whose answers carry sub-headings and lists (Angina), one that asks the
#: same question in several sections (Dry Eye); topics the corpus lacks, so
#: the other tests' pages stay as they are.
MEDQUAD_FILES = {
    "NHLBI_0000004": MEDQUAD / "8_NHLBI_QA_XML" / "0000004.xml",
    "NIHSeniorHealth_0000017": MEDQUAD / "7_SeniorHealth_QA" / "0000017.xml",
}
HAS_MEDQUAD = all(path.is_file() for path in MEDQUAD_FILES.values())
SYSTEM_CHROMIUM = "/usr/bin/chromium"


def find_chromium() -> str | None:
    """The system Chromium's path, or None when it is not installed."""
    if os.access(SYSTEM_CHROMIUM, os.X_OK):
        return SYSTEM_CHROMIUM
    return shutil.which("chromium")


CHROMIUM = find_chromium()

CHROMIUM_ARGS = [
    "--no-sandbox",  # the tests may run as root, e.g. in CI containers
    "--disable-gpu",
    # Without these Chromium keeps calling Google's hosts, which this network
    # refuses; the refusals slow it down and show up as noise.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    # A skip marker, not an autouse fixture: the session-scoped browser
    # fixtures would otherwise try to launch a browser before the skip.
    if CHROMIUM is not None:
        return
    skip = pytest.mark.skip(
        reason=f"Chromium not found ({SYSTEM_CHROMIUM} or `chromium` on PATH); "
        "install it with `apt-get install -y chromium` to run the browser tests"
    )
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """pytest-playwright's launch options, pointed at the system Chromium."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
        "headless": True,
    }


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve the app over the repository's corpus on a free port.

    The index holds the curated thesaurus too, as ``medsearch serve`` builds
    it: synonym expansion and the synonym lookup depend on it.

    :returns: the base URL, such as ``http://127.0.0.1:54321``.
    """
    index_dir = tmp_path_factory.mktemp("browser-index")
    corpus = REPO / "corpus"
    data = REPO / "tests" / "data"
    # The markup entry checks escaping; the MedQuAD files (read from
    # ../shared/medquad, never copied here), entry pages headed by questions.
    fixtures = [data / "markup-test-entry.txt"]
    if HAS_MEDQUAD:
        fixtures += MEDQUAD_FILES.values()
    rebuild(
        IndexStore(index_dir), [corpus, *fixtures], thesaurus=corpus / THESAURUS_FILE
    )
    app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()
        app.extensions["search"].close()


@pytest.fixture(scope="session")
def base_url(live_server: str) -> str:
    """Let pages open relative URLs: ``page.goto("/")`` reaches the live server."""
    return live_server


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Where the tests save screenshots: ``<repo>/test-artifacts`` (git-ignored)."""
    path = REPO / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture
def page_errors(page: Page) -> list[str]:
    """Console errors and uncaught exceptions of ``page``, collected as they happen.

    Chromium reports Content-Security-Policy violations and failed loads
    (a missing stylesheet, say) as console errors, so they end up here too.
    """
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(f"console: {message.text} ({message.location})")

    def on_page_error(error: Error) -> None:
        errors.append(f"pageerror: {error}")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    return errors
