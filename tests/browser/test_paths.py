"""The main paths through the site, walked in a real browser as a person would.

Paging through results, filtering by section, the synonym lookup, the
autocomplete driven by the keyboard, the no-results and spelling pages, the
synonym-expansion notice, and the pages at phone width. Every page visited
must log no console error and throw no exception; each path saves a
screenshot into the artifacts folder.

The server is the real app over the repository's corpus and thesaurus (see
``conftest.py``); pages open relative URLs because ``base_url`` points at it.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Locator, Page, expect

pytestmark = pytest.mark.browser

SEARCH_LABEL = "Search the encyclopedia"
SECTION_LABEL = "Only this section"
TERM_LABEL = "Name, abbreviation or lay term"
PHONE = {"width": 375, "height": 740}

HEART_ATTACK_NAMES = [
    "Myocardial infarction",
    "MI",
    "Acute coronary syndrome",
    "Coronary thrombosis",
]


def url_with(path: str, **params: str) -> re.Pattern[str]:
    """A pattern for ``path`` whose query string starts with ``params``."""
    query = re.escape(urlencode(params))
    return re.compile(rf"{re.escape(path)}\?{query}(&|$)")


def no_errors(page: Page, errors: list[str]) -> None:
    """Nothing has gone wrong so far: checked on each page before leaving it.

    The collector listens to the page across navigations, so an error on any
    page visited stays in ``errors``; checking here names the page it was on.
    """
    assert errors == [], f"errors by the time of {page.url}"


def settle(page: Page, errors: list[str]) -> None:
    """The last page of a path has gone quiet and nothing went wrong in it.

    Chromium fetches the favicon after the load event, so waiting for load
    alone would race a 404 there; waiting for the network to go idle costs
    half a second, so it is done once, at the end of each path.
    """
    page.wait_for_load_state("networkidle")
    no_errors(page, errors)


def search(page: Page, query: str) -> None:
    """Type ``query`` into the search box and press Enter."""
    box = page.get_by_label(SEARCH_LABEL)
    box.fill(query)
    box.press("Enter")
    page.wait_for_url(url_with("/search", q=query))


def hits(page: Page) -> Locator:
    return page.locator("ol.results > li.hit")


def first_title(page: Page) -> Locator:
    """The title link of the first result."""
    return hits(page).first.locator("h2 a")


def hit_links(page: Page) -> list[str]:
    """Where each result's title links to: one section of one entry."""
    return (
        hits(page)
        .locator("h2 a")
        .evaluate_all("links => links.map(a => a.getAttribute('href'))")
    )


def side_scroll(page: Page) -> int:
    """How many pixels the page scrolls sideways."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth"
        " - document.documentElement.clientWidth"
    )


def test_pagination_next_and_previous(
    page: Page, page_errors: list[str], artifacts_dir: Path
) -> None:
    page.goto("/")
    search(page, "blood")
    pager = page.get_by_role("navigation", name="Result pages")
    expect(pager).to_contain_text(re.compile(r"Page 1 of \d+"))
    last = int(re.search(r"Page 1 of (\d+)", pager.inner_text()).group(1))
    assert last >= 2
    expect(hits(page)).to_have_count(10)
    expect(pager.get_by_role("link", name="Previous")).to_have_count(0)
    first_page = hit_links(page)
    no_errors(page, page_errors)

    pager.get_by_role("link", name="Next").click()
    page.wait_for_url(url_with("/search", q="blood", page="2"))
    expect(pager).to_contain_text(f"Page 2 of {last}")
    expect(page.locator("ol.results")).to_have_attribute("start", "11")
    second_page = hit_links(page)
    assert second_page
    assert not set(second_page) & set(first_page)
    expect(page.get_by_label(SEARCH_LABEL)).to_have_value("blood")
    page.screenshot(path=artifacts_dir / "pagination-page-2.png", full_page=True)
    no_errors(page, page_errors)

    pager.get_by_role("link", name="Previous").click()
    page.wait_for_url(url_with("/search", q="blood", page="1"))
    expect(pager).to_contain_text(f"Page 1 of {last}")
    expect(hits(page)).to_have_count(10)
    assert hit_links(page) == first_page
    no_errors(page, page_errors)

    # The last page has no Next; a page past it says so and links back.
    page.goto(f"/search?q=blood&page={last}")
    expect(pager).to_contain_text(f"Page {last} of {last}")
    expect(pager.get_by_role("link", name="Next")).to_have_count(0)
    no_errors(page, page_errors)
    page.goto("/search?q=blood&page=99")
    expect(
        page.get_by_role("heading", name="Nothing matched on page 99")
    ).to_be_visible()
    page.get_by_role("link", name=f"Go to page {last}").click()
    page.wait_for_url(url_with("/search", q="blood", page=str(last)))
    expect(pager).to_contain_text(f"Page {last} of {last}")
    expect(hits(page).first).to_be_visible()
    settle(page, page_errors)


def test_section_filter_keeps_only_treatment(
    page: Page, page_errors: list[str], artifacts_dir: Path
) -> None:
    page.goto("/")
    page.get_by_label(SEARCH_LABEL).fill("blood")
    page.get_by_label(SECTION_LABEL).select_option(label="Treatment")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(url_with("/search", q="blood", section="Treatment"))

    expect(page.locator("p.count")).to_contain_text("for blood in Treatment sections")
    sections = hits(page).locator(".section-name")
    expect(sections.first).to_be_visible()
    found = sections.count()
    assert found > 1
    expect(sections).to_have_text(["Treatment"] * found)
    expect(page.get_by_label(SECTION_LABEL)).to_have_value("Treatment")
    expect(page.get_by_label(SEARCH_LABEL)).to_have_value("blood")
    page.screenshot(path=artifacts_dir / "filtered.png", full_page=True)
    no_errors(page, page_errors)

    # Searching again from the results page keeps the filter chosen there.
    search(page, "heart")
    expect(page).to_have_url(url_with("/search", q="heart", section="Treatment"))
    expect(hits(page).locator(".section-name")).not_to_have_count(0)
    names = set(hits(page).locator(".section-name").all_inner_texts())
    assert names == {"Treatment"}
    expect(page.get_by_label(SECTION_LABEL)).to_have_value("Treatment")
    settle(page, page_errors)


def test_synonym_lookup_lists_entry_and_names(
    page: Page, page_errors: list[str], artifacts_dir: Path
) -> None:
    page.goto("/synonyms")
    expect(page.get_by_role("heading", level=1)).to_have_text("Synonym lookup")
    no_errors(page, page_errors)
    term = page.get_by_label(TERM_LABEL)
    term.fill("MI")
    term.press("Enter")
    page.wait_for_url(url_with("/synonyms", term="MI"))

    expect(page.get_by_role("status")).to_contain_text("1 entry known as MI")
    matches = page.locator("ul.matches > li")
    expect(matches).to_have_count(1)
    expect(matches.get_by_role("link")).to_have_text("Heart attack")
    expect(matches.locator(".name")).to_have_text(HEART_ATTACK_NAMES)
    expect(page.get_by_role("main")).to_contain_text(
        "Curated synonyms: heart attack; myocardial infarction; MI"
    )
    expect(term).to_have_value("MI")
    page.screenshot(path=artifacts_dir / "synonyms.png", full_page=True)
    no_errors(page, page_errors)

    # The entry page, opened from the lookup, shows the same names.
    matches.get_by_role("link", name="Heart attack").click()
    page.wait_for_url(re.compile(r"/entry/heart-attack$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Heart attack")
    names = page.get_by_role("region", name="Alternative names")
    expect(names.get_by_role("listitem")).to_have_text(HEART_ATTACK_NAMES)
    expect(page.get_by_role("navigation", name="Sections")).to_contain_text("Treatment")
    settle(page, page_errors)


def test_synonym_lookup_suggests_a_spelling(
    page: Page, page_errors: list[str], artifacts_dir: Path
) -> None:
    page.goto("/synonyms")
    term = page.get_by_label(TERM_LABEL)
    term.fill("hart atack")
    page.get_by_role("button", name="Look up").click()
    page.wait_for_url(url_with("/synonyms", term="hart atack"))

    expect(page.get_by_role("status")).to_have_text("No entry is known as hart atack.")
    expect(page.get_by_role("main")).to_contain_text("Did you mean: heart attack?")
    page.screenshot(path=artifacts_dir / "synonyms-did-you-mean.png", full_page=True)
    no_errors(page, page_errors)

    page.get_by_role("link", name="heart attack", exact=True).click()
    page.wait_for_url(url_with("/synonyms", term="heart attack"))
    expect(term).to_have_value("heart attack")
    expect(page.locator("ul.matches").get_by_role("link")).to_have_text(
        ["Heart attack"]
    )
    settle(page, page_errors)


def test_autocomplete_with_the_keyboard(
    page: Page, page_errors: list[str], artifacts_dir: Path
) -> None:
    page.goto("/")
    box = page.get_by_role("combobox", name=SEARCH_LABEL)
    listbox = page.get_by_role("listbox", name="Suggestions")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")

    with page.expect_response(re.compile(r"/api/suggest\?q=hea$")):
        box.press_sequentially("hea")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    options = listbox.get_by_role("option")
    target = listbox.get_by_role("option", name="Heart attack", exact=True)
    expect(target).to_have_attribute("aria-selected", "false")

    for _ in range(options.count()):
        box.press("ArrowDown")
        if target.get_attribute("aria-selected") == "true":
            break
    expect(target).to_have_attribute("aria-selected", "true")
    expect(listbox.locator("[aria-selected=true]")).to_have_count(1)
    target_id = target.get_attribute("id")
    assert target_id
    expect(box).to_have_attribute("aria-activedescendant", target_id)
    expect(box).to_be_focused()
    page.screenshot(path=artifacts_dir / "autocomplete-open.png")
    no_errors(page, page_errors)

    box.press("Enter")
    page.wait_for_url(url_with("/search", q="Heart attack"))
    expect(page.locator("p.count")).to_contain_text("for Heart attack")
    expect(box).to_have_value("Heart attack")
    expect(first_title(page)).to_have_text("Heart attack")
    expect(listbox).to_be_hidden()
    settle(page, page_errors)


def test_autocomplete_escape_closes_list_and_keeps_text(
    page: Page, page_errors: list[str]
) -> None:
    page.goto("/")
    box = page.get_by_role("combobox", name=SEARCH_LABEL)
    listbox = page.get_by_role("listbox", name="Suggestions")
    with page.expect_response(re.compile(r"/api/suggest\?q=hea$")):
        box.press_sequentially("hea")
    options = listbox.get_by_role("option")
    expect(options.first).to_be_visible()

    # ArrowUp from nothing selects the last option; ArrowDown wraps round.
    box.press("ArrowUp")
    expect(options.last).to_have_attribute("aria-selected", "true")
    box.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    expect(options.last).to_have_attribute("aria-selected", "false")

    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    assert box.get_attribute("aria-activedescendant") is None
    expect(box).to_have_value("hea")  # Escape closes the list, nothing more
    expect(box).to_be_focused()
    expect(page).to_have_url(re.compile(r"/$"))

    # With the list closed, Enter searches for the words as typed.
    box.press("Enter")
    page.wait_for_url(url_with("/search", q="hea"))
    expect(page.locator("p.count")).to_contain_text("for hea")
    settle(page, page_errors)


def test_no_results_page_helps(
    page: Page, page_errors: list[str], artifacts_dir: Path
) -> None:
    page.goto("/")
    search(page, "zzqqxx")
    expect(page.locator("p.count")).to_contain_text("No results for zzqqxx")
    empty = page.locator("section.empty")
    expect(empty.get_by_role("heading", name="Nothing matched")).to_be_visible()
    expect(empty).to_contain_text("Check the spelling")
    expect(empty).to_contain_text("another name for the condition")
    expect(hits(page)).to_have_count(0)
    expect(page.locator(".notice.spelling")).to_have_count(0)
    expect(page.get_by_label(SEARCH_LABEL)).to_have_value("zzqqxx")
    page.screenshot(path=artifacts_dir / "no-results.png", full_page=True)
    settle(page, page_errors)


def test_misspelling_shows_corrected_results(
    page: Page, page_errors: list[str], artifacts_dir: Path
) -> None:
    page.goto("/")
    search(page, "metastatses")
    spelling = page.locator(".notice.spelling")
    expect(spelling).to_contain_text("Showing results for metastases")
    expect(first_title(page)).to_have_text("Liver metastases")
    page.screenshot(path=artifacts_dir / "did-you-mean.png", full_page=True)
    no_errors(page, page_errors)

    spelling.get_by_role("link", name="metastases").click()
    page.wait_for_url(url_with("/search", q="metastases"))
    expect(page.locator("p.count")).to_contain_text("for metastases")
    expect(page.locator(".notice.spelling")).to_have_count(0)
    expect(first_title(page)).to_have_text("Liver metastases")
    expect(page.get_by_label(SEARCH_LABEL)).to_have_value("metastases")
    settle(page, page_errors)


def test_synonym_expansion_notice_and_exact_words(
    page: Page, page_errors: list[str], artifacts_dir: Path
) -> None:
    page.goto("/")
    search(page, "heart attack")
    notice = page.locator(".notice.expanded")
    expect(notice).to_contain_text("Also searched: heart attack as MI")
    expect(notice).to_contain_text(re.compile("myocardial infarction", re.I))
    expect(first_title(page)).to_have_text("Heart attack")
    page.screenshot(path=artifacts_dir / "expanded.png", full_page=True)
    no_errors(page, page_errors)

    notice.get_by_role("link", name="Search only the exact words").click()
    page.wait_for_url(url_with("/search", q="heart attack", exact="1"))
    expect(page.locator(".notice.expanded")).to_have_count(0)
    expect(page.locator("p.count")).to_contain_text("for heart attack")
    expect(first_title(page)).to_have_text("Heart attack")
    expect(page.get_by_label(SEARCH_LABEL)).to_have_value("heart attack")
    settle(page, page_errors)


@pytest.mark.browser_context_args(viewport=PHONE)
@pytest.mark.parametrize(
    "path, shot",
    [
        ("/search?q=blood", "phone-results.png"),
        ("/entry/heart-attack", "phone-entry.png"),
        ("/synonyms?term=MI", "phone-synonyms.png"),
    ],
)
def test_phone_width_pages_fit_and_search_works(
    page: Page, page_errors: list[str], artifacts_dir: Path, path: str, shot: str
) -> None:
    page.goto(path)
    box = page.get_by_label(SEARCH_LABEL)
    button = page.get_by_role("button", name="Search")
    for control in (box, button):
        expect(control).to_be_visible()
        expect(control).to_be_in_viewport()
        area = control.bounding_box()
        assert area is not None
        assert area["x"] >= 0
        assert area["x"] + area["width"] <= PHONE["width"]
    assert side_scroll(page) <= 1, f"{path} scrolls sideways at 375px wide"
    page.screenshot(path=artifacts_dir / shot, full_page=True)
    no_errors(page, page_errors)

    box.click()
    box.fill("asthma")
    box.press("Enter")
    page.wait_for_url(url_with("/search", q="asthma"))
    expect(first_title(page)).to_have_text("Asthma")
    assert side_scroll(page) <= 1, "the results scroll sideways at 375px wide"
    settle(page, page_errors)
