"""A person's visit in a real browser: search, read the results, open an entry.

The server is the real app over the repository's corpus (see ``conftest.py``);
pages open relative URLs because ``base_url`` points at it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Dialog, Locator, Page, expect

from indexer.medquad import read_medquad_file
from indexer.model import BulletList, Heading
from webapp.views import question_label

from .conftest import HAS_MEDQUAD, MEDQUAD, MEDQUAD_FILES

pytestmark = pytest.mark.browser

SEARCH_LABEL = "Search the encyclopedia"


def search(page: Page, query: str) -> None:
    """Type ``query`` into the search box and press Enter, as a person would."""
    box = page.get_by_label(SEARCH_LABEL)
    box.fill(query)
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search\?q="))


def hits(page: Page) -> Locator:
    return page.locator("ol.results > li.hit")


def is_focused(locator: Locator) -> bool:
    return locator.evaluate("el => el === document.activeElement")


def assert_no_page_errors(page: Page, errors: list[str]) -> None:
    """Once the page has gone quiet, nothing went wrong in it.

    Chromium fetches the favicon after the load event, so waiting for load
    alone would race a 404 there.
    """
    page.wait_for_load_state("networkidle")
    assert errors == []


def test_search_finds_treatment_section_and_opens_it(
    page: Page, page_errors: list[str], artifacts_dir: Path
) -> None:
    page.goto("/")
    search(page, "microwave ablation")

    first = hits(page).first
    expect(first.get_by_role("link")).to_have_text("Liver metastases")
    expect(first.locator(".section-name")).to_have_text("Treatment")
    marks = first.locator(".snippet mark")
    expect(marks.first).to_be_visible()
    marked = {text.lower() for text in marks.all_inner_texts()}
    assert {"microwave", "ablation"} <= marked
    expect(page.get_by_label(SEARCH_LABEL)).to_have_value("microwave ablation")
    page.screenshot(path=artifacts_dir / "results.png", full_page=True)

    first.get_by_role("link", name="Liver metastases").click()
    expect(page).to_have_url(
        re.compile(
            r"/entry/liver-metastases\?q=microwave\+ablation#liver-metastases_Sec\d+$"
        )
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Liver metastases")
    names = page.get_by_role("region", name="Alternative names")
    expect(names.get_by_role("listitem")).to_have_text(
        [
            "Metastatic liver cancer",
            "Metastases to the liver",
            "Secondary liver cancer",
            "Liver secondaries",
        ]
    )
    # The link lands on the matching section, scrolled into view.
    target = page.locator(".entry-section:target")
    expect(target.get_by_role("heading", level=2)).to_have_text("Treatment")
    expect(target).to_be_in_viewport()
    expect(target).to_contain_text("Microwave ablation")
    # ... with the query's words marked, as in its snippet.
    marked = {text.lower() for text in target.locator("mark").all_inner_texts()}
    assert {"microwave", "ablation"} <= marked
    page.screenshot(path=artifacts_dir / "entry.png", full_page=True)

    assert_no_page_errors(page, page_errors)


def test_markup_in_entries_is_shown_as_text(page: Page, page_errors: list[str]) -> None:
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto("/")
    search(page, "script")

    title = 'Markup <script>alert("x")</script> test entry'
    first = hits(page).first
    expect(first.get_by_role("link")).to_have_text(title)
    expect(first.locator(".snippet")).to_contain_text("<script>alert('x')</script>")

    first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("main")).to_contain_text(
        "It contains <script>alert('x')</script> and <b>bold</b> and an ampersand &"
    )
    expect(page.get_by_role("main").locator("script, b")).to_have_count(0)

    assert dialogs == []
    assert_no_page_errors(page, page_errors)


@pytest.mark.browser_context_args(viewport={"width": 375, "height": 740})
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/search?q=microwave+ablation",
        "/search?q=script",
        "/entry/liver-metastases",
        "/entry/markup-test-entry",
        pytest.param(
            "/entry/NHLBI_0000004",
            marks=pytest.mark.skipif(
                not HAS_MEDQUAD, reason=f"no MedQuAD at {MEDQUAD}"
            ),
        ),
    ],
)
def test_phone_width_has_no_horizontal_scroll(
    page: Page, page_errors: list[str], path: str
) -> None:
    page.goto(path)
    expect(page.get_by_label(SEARCH_LABEL)).to_be_visible()
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth"
        " - document.documentElement.clientWidth"
    )
    assert overflow <= 1, f"{path} scrolls sideways by {overflow}px at 375px wide"
    assert_no_page_errors(page, page_errors)


def test_keyboard_reaches_search_box_and_button(
    page: Page, page_errors: list[str]
) -> None:
    page.goto("/")
    box = page.get_by_label(SEARCH_LABEL)
    button = page.get_by_role("button", name="Search")

    presses = 0
    while not is_focused(box):
        presses += 1
        assert presses <= 5, "Tab never reached the search box"
        page.keyboard.press("Tab")
    page.keyboard.type("microwave ablation")
    while not is_focused(button):
        presses += 1
        assert presses <= 10, "Tab never reached the Search button"
        page.keyboard.press("Tab")
    expect(button).to_be_focused()

    page.keyboard.press("Enter")
    expect(hits(page).first.get_by_role("link")).to_have_text("Liver metastases")
    assert_no_page_errors(page, page_errors)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/search?q=",  # the empty-query page, with its example links
        "/search?q=metastatic+liver+cancer",
        "/search?q=%22unbalanced+quote",
        "/entry/liver-metastases",
        "/entry/markup-test-entry",
    ],
)
def test_pages_log_no_console_errors(
    page: Page, page_errors: list[str], path: str
) -> None:
    page.goto(path)
    expect(page.get_by_role("main")).to_be_visible()
    assert_no_page_errors(page, page_errors)


@pytest.mark.skipif(not HAS_MEDQUAD, reason=f"no MedQuAD at {MEDQUAD}")
def test_medquad_entry_reads_by_questions_and_links_its_json(
    page: Page, page_errors: list[str], artifacts_dir: Path
) -> None:
    page.goto("/search?q=angina")
    page.get_by_role("link", name="This page as JSON").click()
    data = json.loads(page.locator("body").inner_text())
    assert data["query"] == "angina"
    assert "NHLBI_0000004" in {hit["entry_id"] for hit in data["results"]}
    # Chromium's JSON viewer asks for /favicon.ico, which JSON does not
    # name: the site answers it (a 404 there was a console error).

    # NIH Senior Health asks "What is (are) Dry Eye?" in several
    # sections: each contents line still reads differently.
    senior = read_medquad_file(MEDQUAD_FILES["NIHSeniorHealth_0000017"])
    questions = [s.question for s in senior.sections]
    assert len(set(questions)) < len(questions)
    page.goto("/entry/NIHSeniorHealth_0000017")
    lines = page.get_by_role("navigation", name="Sections").get_by_role("listitem")
    expect(lines).to_have_count(len(senior.sections))
    texts = lines.all_inner_texts()
    assert len(set(texts)) == len(texts)
    assert texts[0].startswith(question_label(questions[0]))

    # NHLBI's answers keep their sub-headings and lists, under the question.
    nhlbi = read_medquad_file(MEDQUAD_FILES["NHLBI_0000004"])
    summary = nhlbi.sections[0]
    headings = [b.text for b in summary.blocks if isinstance(b, Heading)]
    items = [i for b in summary.blocks if isinstance(b, BulletList) for i in b.items]
    assert headings and items
    page.goto("/entry/NHLBI_0000004")
    first = page.locator(".entry-section").first
    expect(first.get_by_role("heading", level=2)).to_have_text(
        question_label(summary.question)
    )
    expect(first.locator(".section-kind")).to_have_text(summary.name)
    expect(first.get_by_role("heading", level=3)).to_have_text(headings)
    expect(first.get_by_role("listitem")).to_have_count(len(items))
    page.screenshot(path=artifacts_dir / "entry-questions.png", full_page=True)
    assert_no_page_errors(page, page_errors)

    page.get_by_role("link", name="This page as JSON").click()
    expect(page).to_have_url(re.compile(r"/api/entries/NHLBI_0000004$"))
    data = json.loads(page.locator("body").inner_text())
    assert {"heading": headings[0]} in data["sections"][0]["blocks"]
