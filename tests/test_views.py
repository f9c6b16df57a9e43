"""The pages, visited through the Flask test client."""

from __future__ import annotations

import re
from html import unescape as html_unescape
from urllib.parse import urlencode

import pytest

from indexer import BulletList, Entry, Heading, Paragraph, Section, build_index
from indexer.results import SearchResults, SectionHit
from webapp import create_app

RAW_SCRIPT = "<script>alert"
ESCAPED_SCRIPT = "&lt;script&gt;alert"
# Any <script> tag but the page's own external scripts (<script src=...>).
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=\"/static/)", re.IGNORECASE)


def text_of(response) -> str:
    return response.get_data(as_text=True)


def test_home_has_a_labelled_search_box(ro_client):
    response = ro_client.get("/")
    assert response.status_code == 200
    html = text_of(response)
    assert re.search(r'<label for="q"[^>]*>\s*Search the encyclopedia', html)
    assert re.search(r'<input id="q" name="q" type="search"', html)
    assert 'action="/search"' in html
    assert 'role="search"' in html


def test_results_page_for_microwave_ablation(corpus_client):
    response = corpus_client.get("/search?q=microwave+ablation")
    assert response.status_code == 200
    html = text_of(response)
    assert "Liver metastases" in html
    assert '<span class="section-name">Treatment</span>' in html
    assert "<mark" in html
    assert re.search(r"\b\d+ results?\b", html)
    first = re.search(r'<h2><a href="(/entry/[^"]+)"', html).group(1)
    assert re.fullmatch(
        r"/entry/liver-metastases\?q=microwave\+ablation#liver-metastases_Sec\d+",
        first,
    )
    # The query stays in the box.
    assert 'value="microwave ablation"' in html


def test_a_result_opens_its_entry_with_the_query_words_marked(corpus_client):
    html = text_of(corpus_client.get("/search?q=microwave+ablation"))
    link = re.search(r'<h2><a href="(/entry/[^"]+)"', html).group(1)
    path, _, section = link.replace("&amp;", "&").partition("#")
    page = text_of(corpus_client.get(path))
    # The section the result showed has the words marked, as its snippet.
    shown = re.search(rf'<section id="{section}".*?</section>', page, re.S).group(0)
    marked = {w.lower() for w in re.findall(r"<mark>([^<]*)</mark>", shown)}
    assert {"microwave", "ablation"} <= marked
    assert "The words of <strong>microwave ablation</strong> are marked." in page
    assert '<a href="/entry/liver-metastases">Show this page unmarked</a>' in page
    # Unmarked, as a link from elsewhere shows it: no marks, no notice.
    plain = text_of(corpus_client.get("/entry/liver-metastases"))
    assert "<mark>" not in plain and "are marked" not in plain
    # A query of no words to mark is no marking.
    plain = text_of(corpus_client.get("/entry/liver-metastases?q=the+of"))
    assert "<mark>" not in plain and "are marked" not in plain


def test_an_exact_search_marks_its_entry_as_typed(ro_client, service):
    # "colchisine" is read as "colchicine" unless the words are as typed.
    assert "colchicin" in service.marking("gout colchisine").terms
    html = text_of(ro_client.get("/search?q=gout+colchisine&exact=1"))
    link = re.search(r'<h2><a href="(/entry/gout[^"]+)"', html).group(1)
    assert "exact=1" in link
    page = text_of(ro_client.get(link.replace("&amp;", "&").partition("#")[0]))
    assert "are marked" in page and ", as typed," in page
    marked = {w.lower() for w in re.findall(r"<mark>([^<]*)</mark>", page)}
    assert "gout" in marked and "colchicine" not in marked
    page = text_of(ro_client.get("/entry/gout?q=gout+colchisine"))
    marked = {w.lower() for w in re.findall(r"<mark>([^<]*)</mark>", page)}
    assert {"gout", "colchicine"} <= marked


@pytest.mark.parametrize(
    "query", ["<script>alert(1)</script>", "ampersands <b>", '"><script>x</script>']
)
def test_an_entry_page_marks_words_and_escapes_everything(ro_client, query):
    response = ro_client.get("/entry/markup", query_string={"q": query})
    assert response.status_code == 200
    html = text_of(response)
    assert not INLINE_SCRIPT.search(html)
    assert "<b>" not in html
    assert ESCAPED_SCRIPT in html  # the entry's own text, escaped
    assert re.search(r"<mark>[^<]*</mark>", html)


def test_results_page_says_what_each_stage_took(ro_client):
    response = ro_client.get("/search?q=gout+treatment+options")
    timing = response.headers["Server-Timing"]
    assert re.fullmatch(r"plan;dur=[\d.]+, rank;dur=[\d.]+, page;dur=[\d.]+", timing)


def test_results_are_listed_in_rank_order(ro_client, service):
    html = text_of(ro_client.get("/search?q=kidney+stones+gout"))
    links = re.findall(r'<h2><a href="(/entry/[^"?]+)\?q=[^"#]+(#[^"]+)"', html)
    found = service.search("kidney stones gout").results
    assert ["".join(link) for link in links] == [hit.url for hit in found]
    # Two kidney-stones sections, and all three of gout's: the query names it.
    assert len(links) == 5


@pytest.mark.parametrize("url", ["/search", "/search?q=", "/search?q=+++"])
def test_empty_query_page_is_helpful(ro_client, url):
    response = ro_client.get(url)
    assert response.status_code == 200
    html = text_of(response)
    assert "Type a word or phrase" in html
    assert "microwave+ablation" in html  # an example search to follow
    assert 'id="q"' in html


def test_no_results_page_is_helpful(ro_client):
    response = ro_client.get("/search?q=zebrafish")
    assert response.status_code == 200
    html = text_of(response)
    assert "No results" in html
    assert "Nothing matched" in html
    assert "Check the spelling" in html
    assert "zebrafish" in html


def test_no_results_in_a_section_offers_all_sections(ro_client):
    html = text_of(ro_client.get("/search?q=ablation&section=Causes"))
    assert "Nothing matched" in html
    assert 'href="/search?q=ablation">Search without filters</a>' in html


def test_section_filter_page(corpus_client):
    html = text_of(corpus_client.get("/search?q=liver&section=Treatment"))
    names = re.findall(r'<span class="section-name">([^<]*)</span>', html)
    assert names and set(names) == {"Treatment"}
    assert "in Treatment sections" in html
    assert re.search(r'<option value="Treatment" selected>', html)


def test_further_sections_of_one_entry_sit_under_its_first(ro_client):
    # "gout" names its entry, so all three sections are listed: the first
    # with its source, the two after it indented under it, without.
    html = text_of(ro_client.get("/search?q=gout"))
    classes = re.findall(r'<li class="(hit[^"]*)">', html)
    assert classes == ["hit", "hit same-entry", "hit same-entry"]
    assert html.count('<p class="source-name">') == 1


def test_more_sections_link_lists_the_rest_of_the_entry(ro_client):
    # Words from all three gout sections, but not its name: two are listed.
    html = text_of(ro_client.get("/search?q=crystals+lifestyle+colchicine"))
    match = re.search(r'<a href="([^"]*entry=gout[^"]*)">1 more matching section', html)
    assert match
    more = text_of(ro_client.get(match.group(1).replace("&amp;", "&")))
    assert len(re.findall(r'<li class="hit[ "]', more)) == 3
    # The entry by its title, linked, and a way back to every entry.
    assert ' in <a href="/entry/gout">Gout</a> (Sample corpus) · ' in more
    back = re.search(r'<a href="([^"]*)">all entries</a>', more).group(1)
    assert "entry=" not in back and "q=crystals" in back


def test_an_entry_page_searches_within_itself(ro_client):
    html = text_of(ro_client.get("/entry/gout"))
    form = re.search(r'<form class="lookup" role="search".*?</form>', html, re.S)
    assert form and 'action="/search"' in form.group(0)
    assert '<input type="hidden" name="entry" value="gout">' in form.group(0)
    assert '<label for="within">Search in this entry</label>' in form.group(0)
    # What it sends: only this entry's sections, each opening here marked.
    found = text_of(ro_client.get("/search?q=joint&entry=gout"))
    links = re.findall(r'<h2><a href="(/entry/[^"]+)"', found)
    assert links and all(link.startswith("/entry/gout?q=joint#") for link in links)
    # Reached marked, the box holds the words; an unknown entry finds nothing.
    assert 'id="within" name="q" type="search" value="joint"' in text_of(
        ro_client.get("/entry/gout?q=joint")
    )
    nothing = text_of(ro_client.get("/search?q=joint&entry=nope"))
    assert "No results" in nothing and "in entry nope" in nothing


def test_more_sections_link_once_per_entry_after_its_last_row(ro_client, monkeypatch):
    # Two entries the query names take turns by score, so one entry's rows
    # can stand in two runs: the link said "3 more" after each.
    def hit(entry: str, n: int, more: int) -> SectionHit:
        return SectionHit(
            entry,
            f"{entry}_Sec{n}",
            entry.title(),
            "Summary",
            1.0,
            "text",
            f"/entry/{entry}#{entry}_Sec{n}",
            "corpus",
            more_sections=more,
        )

    rows = (hit("gout", 1, 3), hit("gout", 2, 3), hit("anemia", 1, 0))
    rows += (hit("gout", 3, 3),)
    service = ro_client.application.extensions["search"]
    monkeypatch.setattr(
        service, "search", lambda *a, **k: SearchResults("gout", 7, 1, 10, 1.0, rows)
    )
    html = text_of(ro_client.get("/search?q=gout"))
    assert html.count("3 more matching sections in Gout") == 1
    assert html.index("gout_Sec3") < html.index("3 more matching sections")


def test_pagination_links(corpus_client):
    first = text_of(corpus_client.get("/search?q=liver"))
    assert "Page 1 of 2" in first
    assert 'rel="prev"' not in first
    nxt = re.search(r'<a rel="next" href="([^"]+)"', first)
    assert nxt
    url = nxt.group(1).replace("&amp;", "&")
    assert "page=2" in url and "q=liver" in url
    second = text_of(corpus_client.get(url))
    assert "Page 2 of 2" in second
    assert 'rel="next"' not in second
    assert re.search(r'<a rel="prev" href="[^"]*page=1', second)
    assert 'start="11"' in second  # numbering continues
    hits = re.compile(r'<h2><a href="([^"]+)"')
    assert not set(hits.findall(first)) & set(hits.findall(second))


@pytest.fixture
def small_pages(corpus_index_dir):
    """The corpus app showing three results a page, so filters span pages."""
    app = create_app(
        {"TESTING": True, "INDEX_DIR": str(corpus_index_dir), "PER_PAGE": 3}
    )
    yield app.test_client()
    app.extensions["search"].close()


def next_url(html: str) -> str | None:
    match = re.search(r'<a rel="next" href="([^"]+)"', html)
    return match.group(1).replace("&amp;", "&") if match else None


def test_pagination_keeps_the_section_filter(small_pages):
    html = text_of(small_pages.get("/search?q=liver&section=Treatment"))
    url = next_url(html)
    assert url, "expected more than three Treatment sections about the liver"
    assert "section=Treatment" in url
    second = text_of(small_pages.get(url))
    names = re.findall(r'<span class="section-name">([^<]*)</span>', second)
    assert names and set(names) == {"Treatment"}


def test_result_count_and_last_page_agree(small_pages):
    first = text_of(small_pages.get("/search?q=pain&section=Symptoms"))
    count = re.search(r"(\d+) results", first).group(1)
    last = int(re.search(r"Page 1 of (\d+)", first).group(1))
    assert last > 1
    html = text_of(small_pages.get(f"/search?q=pain&section=Symptoms&page={last}"))
    assert f"{count} results" in html
    hits = re.findall(r'<span class="section-name">([^<]*)</span>', html)
    assert 1 <= len(hits) <= 3
    assert set(hits) == {"Symptoms"}
    assert 'rel="next"' not in html


# Not "page": pytest-playwright owns that fixture name.
@pytest.mark.parametrize("number", ["abc", "-1", "0", "99999999999999999999", "1.5"])
def test_odd_page_numbers_do_not_fail(corpus_client, number):
    response = corpus_client.get(f"/search?q=liver&page={number}")
    assert response.status_code == 200


def test_entry_page_shows_every_section_in_order(corpus_client, corpus_service):
    response = corpus_client.get("/entry/liver-metastases")
    assert response.status_code == 200
    html = text_of(response)
    entry = corpus_service.get_entry("liver-metastases")
    headings = re.findall(
        r'<section id="([^"]+)" class="entry-section"[^>]*>\s*<h2>([^<]*)</h2>', html
    )
    assert headings == [(s.section_id, s.name) for s in entry.sections]
    assert "<h1>Liver metastases</h1>" in html
    assert "No text in this section." in html  # "Exams and Tests" is empty


def test_entry_page_shows_alternative_names(corpus_client, corpus_service):
    html = text_of(corpus_client.get("/entry/liver-metastases"))
    names = corpus_service.get_entry("liver-metastases").alternative_names
    assert "Alternative names" in html
    for name in names:
        # Each a search for it: another name finds what the texts say of it.
        href = "/search?" + urlencode({"q": name}).replace("&", "&amp;")
        assert f'<li><a href="{href}">{name}</a></li>' in html
        assert corpus_client.get(html_unescape(href)).status_code == 200


def test_entry_page_shows_lists_as_lists(ro_client):
    html = text_of(ro_client.get("/entry/gout"))
    assert re.search(r"<ul><li>Rest the joint</li><li>Drink water</li></ul>", html)
    assert "<p>Colchicine calms a gout flare.</p>" in html


def test_unknown_entry_is_a_404_page(ro_client):
    response = ro_client.get("/entry/no-such-entry")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    html = text_of(response)
    assert "Not found" in html
    assert "no-such-entry" in html
    assert 'href="/"' in html


def test_unknown_url_is_a_404_page(ro_client):
    response = ro_client.get("/no/such/page")
    assert response.status_code == 404
    assert response.mimetype == "text/html"


# -- escaping --------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/search?q=alert",
        "/search?q=markup",
        "/search?q=quotes+ampersands",
        "/entry/markup",
    ],
)
def test_markup_entry_is_shown_as_text(ro_client, url):
    response = ro_client.get(url)
    assert response.status_code == 200
    html = text_of(response)
    assert RAW_SCRIPT not in html
    assert ESCAPED_SCRIPT in html
    assert re.search(r"&amp; (<mark[^>]*>)?ampersands", html)
    assert not INLINE_SCRIPT.search(html)


def test_markup_entry_from_corpus_is_shown_as_text(corpus_client):
    for url in ("/search?q=script", "/entry/markup-test-entry"):
        html = text_of(corpus_client.get(url))
        assert not INLINE_SCRIPT.search(html)
        assert "&lt;script&gt;" in html
        assert "&lt;b&gt;bold&lt;/b&gt;" in html


@pytest.mark.parametrize(
    "query",
    [
        "<script>alert(1)</script>",
        '"><script>alert(1)</script>',
        "' onmouseover='alert(1)",
        "</title><script>x</script>",
    ],
)
def test_query_is_escaped_everywhere(ro_client, query):
    response = ro_client.get("/search", query_string={"q": query})
    assert response.status_code == 200
    html = text_of(response)
    assert not INLINE_SCRIPT.search(html)
    assert "onmouseover='" not in html


# -- headers -----------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/search?q=gout", "/entry/gout", "/entry/nope"])
def test_security_headers(ro_client, url):
    response = ro_client.get(url)
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_pages_have_no_inline_script_or_style(ro_client):
    for url in ("/", "/search?q=gout", "/entry/gout"):
        html = text_of(ro_client.get(url))
        assert not INLINE_SCRIPT.search(html)
        assert re.findall(r"<script[^>]*>", html) == [
            '<script src="/static/suggest.js" defer>'
        ]
        assert "<style" not in html
        assert " style=" not in html
        assert not re.search(r"\son[a-z]+=", html)


def test_stylesheet_is_served(ro_client):
    response = ro_client.get("/static/style.css")
    assert response.status_code == 200
    assert response.mimetype == "text/css"
    response.close()


# -- no 500 for any query --------------------------------------------------------------

HOSTILE = [
    '"gout',
    "gout'",
    "(((",
    ")))",
    "[gout",
    "{",
    "AND",
    "OR",
    "NOT",
    "AND OR NOT",
    "gout AND",
    "*",
    "*:*",
    "gout*",
    "~",
    "gout~2",
    '"big toe"~3',
    "^",
    "gout^10",
    "field:value",
    "title:gout",
    "body:",
    ":",
    "section:",
    'section:"',
    "section:(((",
    "[a TO z]",
    "\\",
    "%",
    "%00",
    "&",
    "x" * 10_000,
    "gout " * 2_000,
    "\x01\x02\x1b[31m gout \x7f",
    "\u202egout",
    "ＧＯＵＴ",
    "痛风",
    "🦶 gout",
    "Ménière",
    "\U0001f600",
    "\t",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_query_never_gives_500(ro_client, query):
    response = ro_client.get("/search", query_string={"q": query})
    assert response.status_code == 200
    assert 'id="q"' in text_of(response)


@pytest.mark.parametrize("query", ["NOT gout", "(NOT gout)", "NOT toe big"])
def test_negative_only_query_never_gives_500(ro_client, query):
    assert ro_client.get("/search", query_string={"q": query}).status_code == 200


@pytest.mark.parametrize(
    "params",
    [
        {"q": "gout", "section": "<script>"},
        {"q": "gout", "section": "((("},
        {"q": "gout", "entry": "../../etc/passwd"},
        {"q": "gout", "entry": "<b>"},
        {"q": "gout", "page": "x" * 1000},
    ],
)
def test_hostile_parameters_never_give_500(ro_client, params):
    response = ro_client.get("/search", query_string=params)
    assert response.status_code == 200
    assert "<b>" not in text_of(response)
    assert not INLINE_SCRIPT.search(text_of(response))


@pytest.mark.parametrize(
    "query",
    [
        "x" * 5000,
        "(((( AND OR NOT",
        '"gout',
        "gout\x00treatment",
        "* ? ~2 ^3",
    ],
)
def test_hostile_marking_on_an_entry_page_never_gives_500(ro_client, query):
    response = ro_client.get("/entry/gout", query_string={"q": query})
    assert response.status_code == 200
    assert not INLINE_SCRIPT.search(text_of(response))


@pytest.mark.parametrize(
    "url",
    [
        "/search?q=%ff%fe",
        "/search?q=gout%00",
        "/search?q=%E2%80",
        "/entry/gout?q=%ED%A0%80",
        "/entry/gout?q=%ff%fe",
    ],
)
def test_undecodable_query_is_not_a_500(ro_client, url):
    assert ro_client.get(url).status_code == 200


def test_nul_byte_in_entry_url_is_not_a_500(ro_client):
    assert ro_client.get("/entry/gout%00").status_code == 404


def test_the_statistics_page_lists_what_each_source_holds(ro_client):
    # The footer's "Index statistics" led to the JSON; a person gets a table.
    home = text_of(ro_client.get("/"))
    assert '<a href="/stats">Index statistics</a>' in home
    html = text_of(ro_client.get("/stats"))
    data = ro_client.get("/api/stats").get_json()
    rows = re.findall(r'<tr><th scope="row">(.*?)</th><td>(.*?)</td>', html)
    assert rows and rows == [(s["label"], f"{s['entries']:,}") for s in data["sources"]]
    assert f"{data['sections']:,}" in html


# -- no index -----------------------------------------------------------------------


@pytest.fixture
def missing_client(tmp_path):
    app = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "no-index")})
    yield app.test_client()
    app.extensions["search"].close()


@pytest.mark.parametrize("url", ["/search?q=gout", "/entry/gout", "/stats"])
def test_missing_index_is_a_503_page_naming_the_command(missing_client, url):
    response = missing_client.get(url)
    assert response.status_code == 503
    assert response.mimetype == "text/html"
    html = text_of(response)
    assert "medsearch index" in html
    assert "Search unavailable" in html


def test_home_page_works_without_an_index(missing_client):
    assert missing_client.get("/").status_code == 200


# -- entry pages: questions and sub-headings ------------------------------------


@pytest.fixture(scope="module")
def questions_client(tmp_path_factory):
    """An entry shaped like MedQuAD's: two Summary sections told apart only by
    their questions, a sub-heading, and a section without a question."""
    index = tmp_path_factory.mktemp("questions") / "index"
    sections = (
        Section(
            "NIDDK_1_Sec1",
            "Summary",
            1,
            (Paragraph("Kidneys filter blood."),),
            question="What is (are) Kidney Failure ?",
        ),
        Section(
            "NIDDK_1_Sec2",
            "Summary",
            2,
            (
                Heading("Signs of <Failure>"),
                Paragraph("Swelling & tiredness."),
                BulletList(("ankles", "face")),
            ),
            question="What are the signs of kidney failure? ?",
        ),
        Section("NIDDK_1_Sec3", "Notes", 3, (Paragraph("Added by hand."),)),
        Section(
            "NIDDK_1_Sec4",
            "Summary",
            4,
            (Paragraph("Dialysis cleans the blood when the kidneys stop working."),),
            question="What is (are) Kidney Failure ?",
        ),
    )
    build_index([Entry("NIDDK_1", "Kidney Failure", (), sections, "NIDDK")], index)
    app = create_app({"TESTING": True, "INDEX_DIR": str(index)})
    yield app.test_client()
    app.extensions["search"].close()


def test_entry_sections_are_headed_by_their_questions(questions_client):
    html = text_of(questions_client.get("/entry/NIDDK_1"))
    headings = re.findall(
        r'<section id="([^"]+)" class="entry-section"[^>]*>\s*'
        r'(?:<p class="section-kind">([^<]*)</p>\s*)?<h2[^>]*>([^<]*)</h2>',
        html,
    )
    assert headings == [
        ("NIDDK_1_Sec1", "Summary", "What is (are) Kidney Failure?"),
        ("NIDDK_1_Sec2", "Summary", "What are the signs of kidney failure?"),
        ("NIDDK_1_Sec3", "", "Notes"),  # no question: the name is the heading
        ("NIDDK_1_Sec4", "Summary", "What is (are) Kidney Failure?"),
    ]


def test_entry_contents_list_questions_and_tell_repeats_apart(questions_client):
    html = text_of(questions_client.get("/entry/NIDDK_1"))
    toc = re.search(r'<nav class="toc".*?</nav>', html, re.DOTALL).group(0)
    items = re.findall(
        r'<li><a href="#([^"]+)">([^<]*)</a>'
        r'(?: <span class="toc-hint">([^<]*)</span>)?',
        toc,
    )
    assert items == [
        ("NIDDK_1_Sec1", "What is (are) Kidney Failure?", "Kidneys filter blood."),
        ("NIDDK_1_Sec2", "What are the signs of kidney failure?", ""),
        ("NIDDK_1_Sec3", "Notes", ""),
        (
            "NIDDK_1_Sec4",
            "What is (are) Kidney Failure?",
            "Dialysis cleans the blood when the kidneys stop…",
        ),
    ]


def test_entry_sub_headings_and_lists_are_shown_escaped(questions_client):
    html = text_of(questions_client.get("/entry/NIDDK_1"))
    assert re.search(
        r"<h3>Signs of &lt;Failure&gt;</h3>\s*<p>Swelling &amp; tiredness.</p>\s*"
        r"<ul><li>ankles</li><li>face</li></ul>",
        html,
    )


def test_a_long_list_of_short_items_is_set_in_columns(tmp_path):
    signs = tuple(f"Sign {n} (50%)" for n in range(13))
    sources = ("A resource whose title runs on " * 3,) * 13  # items too long
    section = Section(
        "GARD_1_Sec1",
        "Symptoms",
        1,
        (BulletList(signs), BulletList(sources), BulletList(("Myopia",))),
    )
    index = tmp_path / "index"
    build_index([Entry("GARD_1", "Sign disease", (), (section,), "GARD")], index)
    app = create_app({"TESTING": True, "INDEX_DIR": str(index)})
    html = text_of(app.test_client().get("/entry/GARD_1"))
    app.extensions["search"].close()
    assert re.findall(r"<ul[^>]*><li>[^<]{0,12}", html) == [
        '<ul class="long-list"><li>Sign 0 (50%)',
        "<ul><li>A resource w",
        "<ul><li>Myopia",
    ]


# -- JSON twins -------------------------------------------------------------------

ALTERNATE = re.compile(r'<link rel="alternate" type="application/json" href="([^"]+)">')
VISIBLE = re.compile(r'<a href="([^"]+)" type="application/json">This page as JSON</a>')


@pytest.mark.parametrize(
    ("url", "twin"),
    [
        ("/search?q=gout", "/api/search?q=gout"),
        (
            "/search?q=gout&section=treatment&exact=1",
            "/api/search?q=gout&section=treatment&exact=1",
        ),
        ("/search?q=gout&entry=gout&page=2", "/api/search?q=gout&entry=gout&page=2"),
        # The page clamps what the API would refuse; the twin asks for the same.
        ("/search?q=gout&page=99999&per_page=x", "/api/search?q=gout&page=1000"),
        ("/search?q=tumor+%26+%3Cb%3E", "/api/search?q=tumor+%26+%3Cb%3E"),
        ("/entry/gout", "/api/entries/gout"),
        ("/synonyms?term=podagra", "/api/synonyms?term=podagra"),
        ("/stats", "/api/stats"),
    ],
)
def test_every_page_links_to_its_json_twin(ro_client, url, twin):
    html = text_of(ro_client.get(url))
    escaped = twin.replace("&", "&amp;")
    assert ALTERNATE.findall(html) == [escaped]
    assert VISIBLE.findall(html) == [escaped]
    response = ro_client.get(twin)
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.get_json()


@pytest.mark.parametrize("url", ["/", "/search?q=", "/synonyms", "/entry/nope"])
def test_pages_without_data_have_no_json_twin(ro_client, url):
    html = text_of(ro_client.get(url))
    assert "application/json" not in html
