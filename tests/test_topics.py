"""Results a person can tell apart: one topic from several sources, source
names, facets with counts, autocomplete without repeats.

The entries are small and hand-written, from several sources, the way
MedQuAD has "Heart Attack" from MedlinePlus, NHLBI and NIH Senior Health.
"""

from __future__ import annotations

import re
from dataclasses import fields, replace
from html import unescape

import numpy as np
import pytest
from click.testing import CliRunner

from indexer import segments
from indexer.arrayfile import read_arrays, write_arrays
from indexer.build import build_index
from indexer.cli import cli
from indexer.errors import UnknownFilter
from indexer.search import SearchService
from indexer.sources import SourcedEntry
from indexer.store import IndexStore
from webapp import create_app

from .builders import held_by_name, make_entry, other_topics


def suggested(service: SearchService, prefix: str) -> list[str]:
    """The names the dropdown lists for ``prefix``, in order."""
    return [s["name"] for s in service.suggest(prefix)]


def sourced(source: str, entry):
    return replace(entry, source=source)


ENTRIES = [
    sourced(
        "MPlusHealthTopics",
        make_entry(
            "mplus-heart-attack",
            "Heart Attack",
            ["Myocardial infarction"],
            Summary="Each year many people have a heart attack. Call 911 at once.",
        ),
    ),
    sourced(
        "NHLBI",
        make_entry(
            "nhlbi-heart-attack",
            "Heart attack",
            [],
            Summary="A heart attack happens when blood flow to the heart stops.",
            Symptoms="Chest pain is the most common heart attack symptom.",
            Treatment="Medicines and procedures restore blood flow in a heart attack.",
        ),
    ),
    sourced(
        "NIHSeniorHealth",
        make_entry(
            "senior-heart-attack",
            "Heart Attack",
            [],
            Summary="Older adults may have a heart attack with few symptoms.",
            Treatment="More detailed information on heart attacks is available "
            "at www.nhlbi.nih.gov/health/dci.",
        ),
    ),
    # Another title, but it lists the NHLBI title as its own other name.
    sourced(
        "GARD",
        make_entry(
            "gard-mi",
            "Acute myocardial infarction",
            ["Heart attack"],
            Summary="Acute myocardial infarction, a heart attack, is the death of "
            "heart muscle.",
        ),
    ),
    # Two differently titled entries of one source are two topics, even if
    # one names the other: this GHR gene entry must not join the heart attack.
    sourced(
        "GHR",
        make_entry(
            "ghr-angina",
            "Angina",
            ["Chest pain of the heart"],
            Summary="Angina is chest pain when the heart gets too little blood; "
            "it can come before a heart attack.",
        ),
    ),
    sourced(
        "GHR",
        make_entry(
            "ghr-variant",
            "Familial heart attack risk",
            ["Angina"],
            Summary="A family history that raises the risk of a heart attack.",
        ),
    ),
    make_entry(
        "gout",
        "Gout",
        ["Podagra"],
        Summary="Gout is arthritis from uric acid crystals in a joint.",
    ),
    sourced(
        "NIHSeniorHealth",
        make_entry(
            "senior-gout", "Gout", [], Treatment="Gout attacks are treated with rest."
        ),
    ),
    # Names only: the text was withheld (as MedQuAD's A.D.A.M. entries).
    replace(
        sourced("ADAM", make_entry("adam-goutweed", "Goutweed poisoning", [])),
        text_available=False,
    ),
]


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("topics") / "index"
    build_index(ENTRIES, folder)
    return folder


@pytest.fixture(scope="module")
def service(index_dir):
    with SearchService(index_dir) as service:
        yield service


@pytest.fixture(scope="module")
def client(index_dir):
    app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)})
    yield app.test_client()
    app.extensions["search"].close()


def test_one_topic_from_several_sources_shares_a_group(service):
    found = service.search("heart attack", per_page=50)
    groups = {h.entry_id: h.group for h in found.results}
    same = {
        groups[e]
        for e in ("mplus-heart-attack", "nhlbi-heart-attack", "senior-heart-attack")
    }
    assert len(same) == 1
    # An alternative name that is another entry's title joins its topic ...
    assert groups["gard-mi"] in same
    # ... unless one source would then name the topic with two titles.
    assert groups["ghr-angina"] not in same
    assert groups["ghr-variant"] not in same
    assert groups["ghr-angina"] != groups["ghr-variant"]


def test_first_hit_of_a_topic_names_the_other_sources(service):
    found = service.search("heart attack", per_page=50)
    first = found.results[0]
    assert first.also_from is not None
    others = {a.entry_id: a for a in first.also_from}
    topic = {h.entry_id for h in found.results if h.group == first.group}
    assert set(others) == topic - {first.entry_id}
    for other in first.also_from:
        assert other.url.startswith(f"/entry/{other.entry_id}#{other.entry_id}_Sec")
    assert {"NHLBI", "NIH Senior Health"} <= {a.source_name for a in first.also_from}
    # Only the first hit of a topic carries the list.
    later = [h for h in found.results[1:] if h.group == first.group]
    assert later and all(h.also_from is None for h in later)
    # The page folds the sections it links to into that line.
    rows = found.rows
    assert [h.entry_id for h in rows].count(first.entry_id) >= 1
    assert not {h.url for h in rows} & {other.url for other in others.values()}


def test_hits_name_their_source_in_plain_words(service):
    found = service.search("gout")
    names = {h.entry_id: h.source_name for h in found.results}
    assert names == {"gout": "Sample corpus", "senior-gout": "NIH Senior Health"}


def test_a_link_only_section_is_not_the_answer(service):
    # NIH Senior Health's Treatment says only where to read more; with
    # another section of its entry matching, the link is not shown first.
    found = service.search("heart attack treatment", per_entry=1)
    shown = {h.entry_id: h.section for h in found.results}
    assert shown["senior-heart-attack"] == "Summary"


def test_facets_count_every_match_not_just_the_page(service):
    found = service.search("heart attack", per_page=1)
    sections = {v.value: v.count for v in found.facets["section"]}
    sources = {v.value: (v.label, v.count) for v in found.facets["source"]}
    # Treatment: NHLBI's, NIH Senior Health's and its gout entry's ("attacks").
    assert sections == {"Summary": 6, "Treatment": 3, "Symptoms": 1}
    assert sources["NHLBI"] == ("NHLBI", 3)
    assert sources["GHR"] == ("Genetics Home Reference", 2)
    assert len(found.results) == 1


def test_facets_are_counted_with_the_other_filter_only(service):
    found = service.search("heart attack", section="treatment", source="nhlbi")
    assert [h.section_id for h in found.results] == ["nhlbi-heart-attack_Sec3"]
    sections = {v.value: v.count for v in found.facets["section"]}
    sources = {v.value: v.count for v in found.facets["source"]}
    # Sections among NHLBI's matches; sources among Treatment sections.
    assert sections == {"Summary": 1, "Symptoms": 1, "Treatment": 1}
    assert sources == {"NHLBI": 1, "NIHSeniorHealth": 2}


def test_filters_repeat_and_match_ids_or_labels_in_any_case(service):
    by_label = service.search("heart attack", source=["medlineplus", "GARD"])
    by_id = service.search("heart attack", source=["MPLUSHEALTHTOPICS", "gard"])
    assert [h.section_id for h in by_label.results] == [
        h.section_id for h in by_id.results
    ]
    assert {h.source for h in by_label.results} == {"MPlusHealthTopics", "GARD"}
    both = service.search("heart attack", section=["Symptoms", "TREATMENT"])
    assert {h.section for h in both.results} == {"Symptoms", "Treatment"}


def test_unknown_source_names_the_known_ones(service):
    with pytest.raises(UnknownFilter) as caught:
        service.search("heart attack", source="Mayo")
    message = str(caught.value)
    assert "'Mayo'" in message and "NHLBI" in message and "MedlinePlus" in message


def test_api_search_json_groups_and_facets(client):
    response = client.get("/api/search?q=heart+attack&source=NHLBI&source=GARD")
    assert response.status_code == 200
    data = response.get_json()
    assert data["filters"] == {"section": [], "source": ["GARD", "NHLBI"]}
    for hit in data["results"]:
        assert hit["source_name"] in ("NHLBI", "GARD") and hit["group"]
    first = data["results"][0]
    assert isinstance(first["also_from"], list)
    assert {"entry_id", "source_name", "url"} <= set(first["also_from"][0])
    assert [f["value"] for f in data["facets"]["source"]][:1] == ["NHLBI"]
    assert {"value", "count"} <= set(data["facets"]["section"][0])


def test_api_unknown_filter_is_a_400_naming_the_known_values(client):
    response = client.get("/api/search?q=heart+attack&source=Mayo")
    assert response.status_code == 400
    message = response.get_json()["error"]["message"]
    assert "Mayo" in message and "NHLBI" in message
    response = client.get("/api/search?q=heart+attack&section=Prognosis")
    assert response.status_code == 400
    assert "Symptoms" in response.get_json()["error"]["message"]


def test_results_page_shows_facets_chips_and_keeps_filters(client):
    html = client.get("/search?q=heart+attack&section=Treatment").get_data(True)
    facet = re.search(r'<aside class="facets".*?</aside>', html, re.S).group(0)
    # Each value a plain link with its count.
    assert re.search(r'source=NHLBI">NHLBI</a> <span class="facet-count">1<', facet)
    assert "section=Symptoms" in unescape(facet)
    # The counts are sections, not the results counted above them.
    assert "Counts are matching sections" in facet
    chip = re.search(r'<a class="chip" href="([^"]+)"[^>]*>Treatment', html)
    assert chip and "section" not in unescape(chip.group(1))
    # Pagination and facet links keep the filter chosen.
    page2 = client.get("/search?q=heart&section=Summary&source=NHLBI&source=GHR")
    links = re.findall(r'href="(/search\?[^"]+)"', page2.get_data(True))
    assert all("section=Summary" in unescape(link) for link in links if "page=" in link)


def test_results_page_notices_an_unknown_filter(client):
    response = client.get("/search?q=heart+attack&source=Mayo&source=nhlbi")
    assert response.status_code == 200
    html = response.get_data(True)
    assert "No source &#39;Mayo&#39;" in html
    assert 'class="hit"' in html
    # Its JSON twin asks for what the page shows: the filter it applied.
    twin = unescape(re.search(r'<link rel="alternate"[^>]*href="([^"]+)"', html)[1])
    data = client.get(twin).get_json()
    assert data["filters"]["source"] == ["NHLBI"]
    assert {h["source"] for h in data["results"]} == {"NHLBI"}


def test_results_page_rows_say_where_from_and_also_from(client):
    html = client.get("/search?q=heart+attack").get_data(True)
    assert '<p class="source-name">' in html
    also = re.search(r'<p class="also-from">(.*?)</p>', html, re.S).group(1)
    assert "NIH Senior Health" in also or "NHLBI" in also
    assert "/entry/" in also


def test_results_page_folds_only_the_sections_also_from_links_to(service, client):
    found = service.search("heart attack")
    first = found.results[0]
    linked = {other.url for other in first.also_from}
    assert not linked & {row.url for row in found.rows}
    # The linked entries' other matching sections keep their rows.
    others = [
        h for h in found.results[1:] if h.group == first.group and h.url not in linked
    ]
    assert others
    assert set(others) <= set(found.rows)
    html = client.get("/search?q=heart+attack").get_data(True)
    assert html.count('<li class="hit') == len(found.rows)
    for row in found.rows:
        link = row.url.replace("#", "?q=heart+attack#")
        assert f'<a href="{link}">{row.title}</a>' in html


def test_an_entry_page_links_its_topic_from_other_sources(service, client):
    # A reader on NHLBI's page learns where else the topic is written up.
    entry = service.get_entry("nhlbi-heart-attack")
    others = service.same_topic(entry)
    # By source as a reader names it; an alternative name that is this
    # entry's title brought GARD's in (as on the results page).
    assert [o.entry_id for o in others] == [
        "gard-mi",
        "mplus-heart-attack",
        "senior-heart-attack",
    ]
    assert [o.url for o in others] == [f"/entry/{o.entry_id}" for o in others]
    html = client.get("/entry/nhlbi-heart-attack").get_data(True)
    also = re.search(r'<p class="also-from">(.*?)</p>', html, re.S).group(1)
    # A title other than the page's in brackets; "Heart Attack" is the same.
    assert also == (
        'Also from <a href="/entry/gard-mi">GARD</a> (Acute myocardial '
        'infarction), <a href="/entry/mplus-heart-attack">MedlinePlus</a>, '
        '<a href="/entry/senior-heart-attack">NIH Senior Health</a>'
    )
    data = client.get("/api/entries/nhlbi-heart-attack").get_json()
    assert [o["entry_id"] for o in data["also_from"]] == [o.entry_id for o in others]
    assert "qualifier" not in data
    # An entry alone in its topic: no line, an empty list.
    assert "also-from" not in client.get("/entry/ghr-angina").get_data(True)
    assert client.get("/api/entries/ghr-angina").get_json()["also_from"] == []


def test_an_entry_page_links_each_text_once_and_no_entry_held_by_name_only(
    tmp_path,
):
    def titled(entry_id: str, source: str, text: str):
        return sourced(source, make_entry(entry_id, "Frostbite", Summary=text))

    frozen = "Frostbite freezes the skin and the tissue below it."
    entries = [
        titled("mp", "MPlusHealthTopics", frozen),
        # The same text from another source: nothing more to read there.
        titled("copy", "NIHSeniorHealth", frozen),
        titled("gard", "GARD", "Frostbite is an injury caused by freezing."),
        # Its text is at its source only: a page here has nothing to read.
        replace(titled("adam", "ADAM", ""), sections=(), text_available=False),
        *other_topics(4),
    ]
    build_index(entries, tmp_path / "index")
    with SearchService(tmp_path / "index") as service:
        linked = [o.entry_id for o in service.same_topic(service.get_entry("mp"))]
        assert linked == ["gard"]
        # From GARD's page the two copies are one link, the first by source.
        linked = [o.entry_id for o in service.same_topic(service.get_entry("gard"))]
        assert linked == ["mp"]
        # A page without text points to those with it.
        linked = [o.entry_id for o in service.same_topic(service.get_entry("adam"))]
        assert linked == ["gard", "mp"]
        assert service.same_topic(service.get_entry("e0")) == ()


def test_autocomplete_gives_each_name_once_with_its_entries(service):
    suggestions = service.suggest("gou")
    names = [s["name"] for s in suggestions]
    assert names.count("Gout") == 1
    gout = next(s for s in suggestions if s["name"] == "Gout")
    assert gout["entries"] == 2
    # A name only entries without text carry would lead to no results.
    assert "Goutweed poisoning" not in names
    for s in suggestions:
        assert service.search(s["name"]).results


def test_footer_says_what_the_index_holds(client):
    html = client.get("/").get_data(True)
    footer = re.search(r"<footer.*?</footer>", html, re.S).group(0)
    assert "Sample entries for demonstration" not in footer
    assert "Searches 11 sections" in footer
    assert "NIH Senior Health (3)" in footer  # sections, not entries
    assert "A.D.A.M. Encyclopedia" in footer  # names only


def test_stats_lists_sources(client):
    sources = client.get("/api/stats").get_json()["sources"]
    by_value = {s["value"]: s for s in sources}
    assert by_value["corpus"]["label"] == "Sample corpus"
    assert by_value["ADAM"]["sections"] == 0
    assert sum(s["sections"] for s in sources) == 11


def test_every_entry_page_names_its_source(client):
    for entry_id, name in (("gout", "Sample corpus"), ("nhlbi-heart-attack", "NHLBI")):
        html = client.get(f"/entry/{entry_id}").get_data(True)
        assert f'<p class="source">Source: {name}' in html


def test_autocomplete_counts_follow_writes(tmp_path):
    build_index(ENTRIES, tmp_path / "index")
    with SearchService(tmp_path / "index", refresh_interval=0) as service:

        def gout() -> dict:
            return next(s for s in service.suggest("gou") if s["name"] == "Gout")

        assert gout()["entries"] == 2
        extra = sourced(
            "GARD", make_entry("gard-gout", "Gout", [], Summary="Gout is arthritis.")
        )
        service.upsert([SourcedEntry(extra, "api", "x")])
        assert gout()["entries"] == 3
        service.remove(["gard-gout", "gout"])
        assert gout()["entries"] == 1


def test_synonyms_page_names_sources_as_the_results_page_does(client):
    html = client.get("/synonyms?term=heart+attack").get_data(True)
    assert "NIH Senior Health" in html
    assert "NIHSeniorHealth" not in html


def _ibs(bowel_text: str) -> list:
    """Two entries carrying "IBS", neither titled so; GARD's has more
    sections, which alone used to decide which one a suggestion names."""
    return [
        sourced(
            "GARD",
            make_entry(
                "gard-ibs",
                "Ichthyosis bullosa of Siemens",
                ["IBS"],
                Summary="A rare skin condition with blisters.",
                Symptoms="Blisters after minor injury.",
            ),
        ),
        sourced(
            "MPlusHealthTopics",
            make_entry(
                "mp-ibs", "Irritable Bowel Syndrome", ["IBS"], Summary=bowel_text
            ),
        ),
    ]


def _suggested_ibs(service: SearchService) -> dict:
    return next(s for s in service.suggest("IBS") if s["name"] == "IBS")


def test_synonyms_list_a_name_s_entries_as_a_search_for_it_does(tmp_path):
    # Both carry "IBS"; by source alone GARD's would come first, but the
    # texts that write IBS are the bowel's, and a search for it says so.
    bowel = "IBS is a bowel problem. IBS causes cramps, and IBS comes and goes."
    build_index([*_ibs(bowel), *other_topics(4)], tmp_path / "index")
    with SearchService(tmp_path / "index") as service:
        first = service.search("IBS").results[0].entry_id
        found = service.synonyms("IBS")["matches"]
        assert first == "mp-ibs"
        assert [m["entry_id"] for m in found] == ["mp-ibs", "gard-ibs"]


def test_a_prefix_typed_in_capitals_suggests_the_code_first(tmp_path):
    entries = [
        make_entry("hives", "Hives", Summary="Hives are itchy welts."),
        make_entry(
            "hiv", "HIV/AIDS", Summary="HIV is a virus; AIDS is its last stage."
        ),
        make_entry(
            "lymphoma",
            "AIDS-Related Lymphoma",
            Summary="A lymphoma of people with AIDS.",
        ),
        make_entry("aids", "Acquired immunodeficiency", ["AIDS"], Summary="AIDS."),
        make_entry(
            "hearing",
            "Hearing loss",
            Summary="Hearing aids make sounds louder.",
            Treatment="Aids are fitted to the ear.",
            Outlook="Most people do well with aids.",
            Considerations="Walking aids help too.",
        ),
        make_entry("cle", "Cutaneous lupus", ["CLE"], Summary="CLE is skin lupus."),
        make_entry(
            "cleft",
            "Cleft lip",
            Summary="A cleft lip is a split lip; a cleft is mended.",
        ),
        *other_topics(4),
    ]
    build_index(entries, tmp_path / "index")
    with SearchService(tmp_path / "index") as service:
        assert suggested(service, "HIV")[:2] == ["HIV/AIDS", "Hives"]
        assert suggested(service, "AIDS")[:2] == ["AIDS", "AIDS-Related Lymphoma"]
        assert suggested(service, "CLE")[0] == "CLE"
        # In small letters, a code only where the texts write it so and
        # write no word it begins more often; else the start of a word:
        # titles and shorter names first.
        assert suggested(service, "hiv")[:2] == ["HIV/AIDS", "Hives"]
        # "hearing aids"; "cleft" is written more; two letters.
        assert suggested(service, "aids")[0] == "AIDS-Related Lymphoma"
        assert suggested(service, "cle")[0] == "Cleft lip"
        assert suggested(service, "hi")[:2] == ["Hives", "HIV/AIDS"]


def test_a_name_written_as_one_word_is_suggested_when_typed_as_two(tmp_path):
    entries = [
        make_entry("pinkeye", "Pinkeye", ["Conjunctivitis"], Summary="Red eyes."),
        make_entry("pink", "Pink disease", Summary="Pink hands and feet from mercury."),
        make_entry("drops", "Pink eye drops", Summary="Drops for red eyes."),
        make_entry("bedwetting", "Bedwetting", Summary="Wetting the bed at night."),
        *other_topics(4),
    ]
    build_index(entries, tmp_path / "index")
    with SearchService(tmp_path / "index") as service:
        assert suggested(service, "bed wet") == ["Bedwetting"]
        # After the names the words typed begin.
        assert suggested(service, "pink eye") == ["Pink eye drops", "Pinkeye"]
        assert suggested(service, "pink e") == ["Pink eye drops", "Pinkeye"]
        assert suggested(service, "pink d") == ["Pink disease"]
        assert suggested(service, "be dw") == []  # too short to be read as one word


def test_a_prefix_does_not_suggest_names_by_a_small_word_it_begins(tmp_path):
    entries = [
        make_entry("als", "ALS", Summary="A disease of the nerves."),
        make_entry(
            "pinworm",
            "Parasites - Enterobiasis (also known as Pinworm Infection)",
            Summary="Pinworms are small worms.",
        ),
        *other_topics(4),
    ]
    build_index(entries, tmp_path / "index")
    with SearchService(tmp_path / "index") as service:

        def entries(prefix: str) -> list[str]:
            return [s["entry_id"] for s in service.suggest(prefix)]

        assert suggested(service, "als") == ["ALS"]  # not "also"
        assert entries("pinw") == ["pinworm"]
        assert entries("also known") == ["pinworm"]  # several words: as typed


def test_a_word_inside_a_long_description_comes_after_short_names(tmp_path):
    # A prefix lists the names it begins, then those a word inside them
    # begins: a title first, so a rare syndrome's description of eight
    # words came before another entry's two-word name.
    entries = [
        make_entry("dep", "Depression", Summary="Depression is a mood disorder."),
        make_entry(
            "bipolar",
            "Bipolar Disorder",
            ["Manic depression"],
            Summary="Moods swing from mania to depression.",
        ),
        make_entry(
            "rare",
            "Short stature, hernia, ocular depression and teething delay",
            Summary="A rare syndrome.",
        ),
        *other_topics(4),
    ]
    build_index(entries, tmp_path / "index")
    with SearchService(tmp_path / "index") as service:
        names = suggested(service, "depres")
    assert names[0] == "Depression"
    assert names.index("Manic depression") < names.index(entries[2].title)


def test_names_a_prefix_begins_are_suggested_past_many_ending_in_it(tmp_path):
    # Autocomplete reads a bounded number of rows in the order of their word
    # starts, and every name ending in "test" sorts before "testicular":
    # 450 such names hid the one name the prefix begins.
    panels = [
        make_entry(
            f"panel-{i}",
            f"Lab panel {i}",
            [f"Marker {i} {j} test" for j in range(50)],
            Summary="A set of laboratory tests.",
        )
        for i in range(9)
    ]
    entries = [
        *panels,
        make_entry("torsion", "Testicular torsion", Summary="A twisted testicle."),
        *other_topics(4),
    ]
    build_index(entries, tmp_path / "index")
    with SearchService(tmp_path / "index") as service:
        assert suggested(service, "test")[0] == "Testicular torsion"
        assert suggested(service, "tes")[0] == "Testicular torsion"
        # The names ending in it still fill the rest of the list.
        assert len(suggested(service, "test")) == 8
        service.remove(["panel-0"])  # deleted rows are passed over
        assert suggested(service, "test")[0] == "Testicular torsion"
        assert "Marker 0 1 test" not in suggested(service, "marker")
        service.remove(["torsion"])
        assert "Testicular torsion" not in suggested(service, "test")


def test_a_prefix_read_as_a_name_cut_short_suggests_the_name(tmp_path):
    entries = [
        make_entry("hepc", "Hepatitis C", Summary="Hepatitis C is a liver virus."),
        make_entry("hepb", "Hepatitis B", Summary="Hepatitis B is a liver virus."),
        make_entry("liver", "Liver Diseases", Summary="Hepatitis harms the liver."),
        *other_topics(4),
    ]
    build_index(entries, tmp_path / "index")
    with SearchService(tmp_path / "index") as service:
        assert service.plan("hep c").concepts[0].entries == ("hepc",)
        # As its search reads it, not only as typed ("hep c" begins no name).
        assert suggested(service, "hep c") == ["Hepatitis C"]
        assert suggested(service, "hep b") == ["Hepatitis B"]


def test_a_possessive_typed_without_its_apostrophe_is_suggested(tmp_path):
    entries = [
        make_entry("crohn", "Crohn's Disease", Summary="A bowel disease."),
        make_entry("down", "Down syndrome", Summary="A condition from birth."),
        make_entry("kidney", "Kidney Disease", Summary="Kidneys that fail."),
        *other_topics(4),
    ]
    build_index(entries, tmp_path / "index")
    with SearchService(tmp_path / "index") as service:
        assert suggested(service, "crohns") == ["Crohn's Disease"]
        assert suggested(service, "crohns dis") == ["Crohn's Disease"]
        assert suggested(service, "downs syndrome") == ["Down syndrome"]
        # A plural too.
        assert suggested(service, "kidney diseases") == ["Kidney Disease"]
        assert suggested(service, "downs") == ["Down syndrome"]


def test_a_curated_code_means_its_group_not_an_entry_that_carries_it_alone(
    tmp_path,
):
    """The thesaurus says `HCC` is liver cancer; a rare condition carries
    "HCC" too, with more sections. Searched and suggested, the code leads
    to liver cancer; the other entry is still found and still listed as
    carrying the name, and one titled by the code is the group's."""
    thesaurus = tmp_path / "thesaurus.txt"
    thesaurus.write_text("liver cancer; hepatocellular carcinoma; HCC\n")
    entries = [
        make_entry(
            "cataract",
            "Hypomyelination and congenital cataract",
            ["HCC"],
            Summary="A rare disorder of the brain's white matter and the eyes.",
            Symptoms="Cataracts at birth, then slow loss of movement.",
            Causes="Changes in one gene.",
        ),
        make_entry(
            "liver",
            "Liver Cancer",
            Summary="Liver cancer starts in the liver; most is hepatocellular "
            "carcinoma.",
            Treatment="Surgery, ablation or a transplant treat liver cancer.",
        ),
        # Another of the group's names, in the other number: the group's.
        make_entry(
            "primary",
            "Primary liver tumor",
            ["HCC", "Hepatocellular carcinomas"],
            Summary="A tumor that starts in the liver.",
        ),
        *other_topics(4),
    ]
    build_index(entries, tmp_path / "index", thesaurus=thesaurus)
    with SearchService(tmp_path / "index") as service:
        (concept,) = service.plan("HCC").concepts
        assert set(concept.entries) == {"liver", "primary"}
        found = [h.entry_id for h in service.search("HCC", per_entry=1).results]
        # The group's entries first; the other still found by its name.
        assert found.index("cataract") > max(
            found.index("liver"), found.index("primary")
        )
        (hcc,) = [s for s in service.suggest("HCC") if s["name"] == "HCC"]
        assert hcc["entry_id"] in {"liver", "primary"}
        listed = [m["entry_id"] for m in service.synonyms("HCC")["matches"]]
        assert "cataract" in listed
        # An entry titled by the code is its group's, whatever it carries.
        titled = make_entry("hcc", "HCC", Summary="HCC is a liver tumor.")
        service.upsert([SourcedEntry(titled, "api", "x")])
        named = service.plan("HCC").concepts[0].entries
        assert set(named) == {"liver", "primary", "hcc"}


def test_a_name_only_entries_without_text_carry_leads_to_the_one_titled_alike(
    tmp_path,
):
    """ "Cold" is a name only A.D.A.M.'s *Common cold* carries, whose text is
    withheld; MedlinePlus's *Common Cold* has text, and a search for the
    name finds it. A name whose entry has no namesake with text, or whose
    namesake's title a search reads as one word, is not suggested."""

    def held_by_name(entry_id: str, title: str, names: list[str]):
        entry = sourced("ADAM", make_entry(entry_id, title, names))
        return replace(entry, text_available=False)

    entries = [
        held_by_name("adam-cold", "Common cold", ["Cold", "Head cold"]),
        held_by_name("adam-knee", "Knee pain", ["Pain - knee"]),
        held_by_name("adam-vita", "Vitamin A", ["Carotenoids"]),
        sourced(
            "MPlusHealthTopics",
            make_entry("mp-cold", "Common Cold", Summary="A cold makes you sneeze."),
        ),
        sourced(
            "MPlusHealthTopics",
            make_entry("mp-vita", "Vitamin A", Summary="Vitamin A helps you see."),
        ),
        make_entry("sores", "Cold Sores", Summary="Cold sores are blisters."),
        *other_topics(4),
    ]
    build_index(entries, tmp_path / "index")
    with SearchService(tmp_path / "index") as service:
        # The whole name typed comes first, before titles it begins.
        assert [s["name"] for s in service.suggest("cold")][:2] == [
            "Cold",
            "Cold Sores",
        ]
        shown = {s["name"]: s for s in service.suggest("cold")}
        assert (shown["Cold"]["entry_id"], shown["Cold"]["title"]) == (
            "mp-cold",
            "Common Cold",
        )
        assert service.search("Cold").results[0].entry_id == "mp-cold"
        head = [s for s in service.suggest("head c") if s["name"] == "Head cold"]
        assert [s["entry_id"] for s in head] == ["mp-cold"]
        assert service.suggest("pain - kn") == []  # no namesake with text
        assert service.suggest("caroten") == []  # "Vitamin A" is "vitamin"


def test_a_name_only_entries_without_text_carry_leads_to_their_topic(tmp_path):
    """ "Jitters" is a name only A.D.A.M.'s *Nervousness* carries; no entry
    with text is titled so, but MedlinePlus's *Anxiety* is another of its
    names, and its topic. The dropdown leads there, and the search lists
    it first, though its text never says "jitters"."""
    held = replace(
        sourced(
            "ADAM", make_entry("adam-nerves", "Nervousness", ["Jitters", "Anxiety"])
        ),
        text_available=False,
    )
    anxiety = make_entry(
        "mp-anxiety",
        "Anxiety",
        Summary="Fear and worry that do not go away.",
        Treatment="Talking therapy and medicines help.",
    )
    entries = [
        held,
        sourced("MPlusHealthTopics", anxiety),
        make_entry("stress", "Stress", Summary="Stress gives some people jitters."),
        *other_topics(4),
    ]
    build_index(entries, tmp_path / "index")
    with SearchService(tmp_path / "index") as service:
        [jitters] = service.suggest("jitt")
        assert (jitters["name"], jitters["entry_id"]) == ("Jitters", "mp-anxiety")
        found = [hit.entry_id for hit in service.search("jitters").results]
        assert found[:3] == ["mp-anxiety", "mp-anxiety", "stress"]


def test_autocomplete_names_the_entry_whose_text_writes_the_name(tmp_path):
    build_index(
        [*_ibs("IBS is a bowel problem; IBS causes cramps."), *other_topics(4)],
        tmp_path / "index",
    )
    with SearchService(tmp_path / "index") as service:
        ibs = _suggested_ibs(service)
        assert (ibs["entry_id"], ibs["entries"]) == ("mp-ibs", 2)
        # Written in neither text: the entry with more text, as before.
        _, bowel = _ibs("A bowel problem that causes cramps.")
        service.upsert([SourcedEntry(bowel, "api", "x")])
        assert _suggested_ibs(service)["entry_id"] == "gard-ibs"


def test_a_derived_file_without_the_counts_suggests_as_before(tmp_path, monkeypatch):
    monkeypatch.setattr(segments, "MIN_DERIVED_DOCS", 0)
    build_index(
        [*_ibs("IBS is a bowel problem; IBS causes cramps."), *other_topics(4)],
        tmp_path,
    )
    folder = tmp_path / IndexStore(tmp_path).current_name()
    [path] = folder.glob(f"*{segments.DERIVED}")
    with SearchService(tmp_path) as service:  # the counts read from the file
        assert _suggested_ibs(service)["entry_id"] == "mp-ibs"
    # As the code before the counts wrote it: still current, its rows used.
    header, arrays = read_arrays(path)
    kept = {n: np.array(a) for n, a in arrays.items() if n != "rows.written"}
    del header["arrays"]
    write_arrays(path, kept, header)
    assert segments._is_current(path)
    with SearchService(tmp_path) as service:
        assert _suggested_ibs(service)["entry_id"] == "gard-ibs"


def test_synonyms_list_the_entries_with_text_first_and_say_which_have_none(
    tmp_path,
):
    entries = [
        # Held by name only, and indexed first.
        replace(
            sourced("ADAM", make_entry("adam-ha", "Heart attack", ["MI"])),
            text_available=False,
        ),
        sourced(
            "NHLBI",
            make_entry("nhlbi-ha", "Heart attack", Summary="Blood flow stops."),
        ),
        sourced(
            "MPlusHealthTopics",
            make_entry("mp-ha", "Heart Attack", Summary="Call 911 at once."),
        ),
        *other_topics(4),
    ]
    build_index(entries, tmp_path / "index")
    with SearchService(tmp_path / "index") as service:
        found = service.synonyms("heart attack")["matches"]
        assert [m["entry_id"] for m in found] == ["mp-ha", "nhlbi-ha", "adam-ha"]
        assert [m["text_available"] for m in found] == [True, True, False]
        assert [m["source_name"] for m in found] == [
            "MedlinePlus",
            "NHLBI",
            "A.D.A.M. Encyclopedia",
        ]
        # Where the topic's text is here: the entries listed above it.
        assert [m.get("also_from") for m in found] == [None, None, []]
    app = create_app({"INDEX_DIR": str(tmp_path / "index"), "TESTING": True})
    html = app.test_client().get("/synonyms?term=heart+attack").get_data(True)
    assert html.count("text at its source") == 1
    assert html.index("MedlinePlus") < html.index("text at its source")
    assert "also-from" not in html


def test_a_hits_json_is_its_fields_in_order(service):
    found = service.search("heart attack")
    first, later = found.results[0], found.results[1]
    # A qualifier only where one source titles two of the page's entries
    # alike (none here; see the test of namesakes below).
    names = [f.name for f in fields(first) if f.name != "qualifier"]
    assert list(later.to_json()) == [n for n in names if n != "also_from"]
    data = first.to_json()
    assert list(data) == names
    assert data["also_from"] == [
        {f.name: getattr(other, f.name) for f in fields(other) if f.name != "qualifier"}
        for other in first.also_from
    ]
    assert all(data[n] == getattr(first, n) for n in names if n != "also_from")


def test_titles_are_told_from_other_names_without_their_entries(tmp_path):
    # Topics skip the entries carrying a name when no title has its key;
    # a title must never be told apart so, deleted or written since.
    folder = tmp_path / "index"
    build_index(ENTRIES, folder)
    with SearchService(folder) as service:
        before = {h.entry_id: h.group for h in service.search("heart attack").results}
        with service._reading() as snap:
            names = snap.names
            for title in ("heart attack", "acute myocardial infarction", "angina"):
                assert names.may_be_title(title)
            for other in (
                "myocardial infarction",
                "podagra",
                "chest pain of the heart",
            ):
                assert not names.may_be_title(other)
        mi = make_entry(
            "cdc-mi", "Myocardial infarction", [], Summary="A heart attack."
        )
        service.upsert([SourcedEntry(sourced("CDC", mi), "api", "x")])
        with service._reading() as snap:
            assert snap.names.may_be_title("myocardial infarction")
        found = service.search("heart attack", per_page=50).results
        groups = {h.entry_id: h.group for h in found}
        # The new title joins the topic that calls it by that name.
        assert groups["cdc-mi"] == groups["mplus-heart-attack"] == before["gard-mi"]


# Entries MedQuAD names but whose text it withholds (as its A.D.A.M. and
# drug collections): a query naming one can list none of its sections.
HELD_BY_NAME = [
    replace(
        sourced("ADAM", make_entry("adam-nosebleed", "Nosebleed", ["Epistaxis"])),
        text_available=False,
        url="https://medlineplus.gov/ency/article/003106.htm",
    ),
    replace(
        sourced("ADAM", make_entry("adam-quinsy", "Quinsy", [])),
        text_available=False,
        url="javascript:alert(1)",
    ),
    replace(sourced("ADAM", make_entry("adam-gout", "Gout", [])), text_available=False),
    # Indexed in this order: the other name's entry first.
    replace(
        sourced("ADAM", make_entry("adam-stridor", "Stridor", ["Wheezing"])),
        text_available=False,
    ),
    replace(
        sourced("ADAM", make_entry("adam-wheezing", "Wheezing", [])),
        text_available=False,
    ),
    # A name only the text-less entry gives; another source's entry of the
    # same title has text.
    replace(
        sourced("ADAM", make_entry("adam-tremor", "Tremor", ["Shaky hands"])),
        text_available=False,
    ),
    sourced(
        "NINDS",
        make_entry(
            "ninds-tremor", "Tremor", [], Summary="An unintended rhythmic motion."
        ),
    ),
    make_entry(
        "hand-care",
        "Hand care",
        [],
        Summary="Shaky hands and dry hands: wash and rest your hands.",
    ),
    # A name only the text-less entry gives, where no entry with text is
    # titled as it is: one of its other names is their title.
    replace(
        sourced(
            "ADAM",
            make_entry(
                "adam-fatty-liver",
                "Fatty liver - nonalcoholic",
                ["Fatty liver", "Nonalcoholic steatohepatitis"],
            ),
        ),
        text_available=False,
    ),
    sourced(
        "GARD",
        make_entry(
            "gard-nash",
            "Nonalcoholic steatohepatitis",
            [],
            Summary="A fatty liver disease: fat builds up in the liver and "
            "inflames it.",
        ),
    ),
    make_entry(
        "liver-diet",
        "Eating for a healthy liver",
        [],
        Summary="Fatty foods are hard on the liver; a fatty liver needs less.",
    ),
    make_entry("gout", "Gout", [], Summary="Gout is arthritis from uric acid."),
    make_entry(
        "vwd",
        "Von Willebrand disease",
        [],
        Symptoms="Nosebleeds that are hard to stop, and easy bruising.",
    ),
    *other_topics(),
]


def test_a_query_naming_an_entry_held_by_name_only_names_it(tmp_path):
    build_index(HELD_BY_NAME, tmp_path / "index")
    with SearchService(tmp_path / "index") as service:
        found = service.search("how to stop a nosebleed")
        assert found.results[0].entry_id == "vwd"  # the sections that say it
        (named,) = found.name_only
        assert (named.entry_id, named.title, named.url) == (
            "adam-nosebleed",
            "Nosebleed",
            "/entry/adam-nosebleed",
        )
        assert named.source_url == "https://medlineplus.gov/ency/article/003106.htm"
        assert found.to_json()["named_without_text"] == [named.to_json()]
        # By another of its names; and with no section to list at all.
        assert [n.entry_id for n in service.search("epistaxis").name_only] == [
            "adam-nosebleed"
        ]
        quinsy = service.search("quinsy")
        assert not quinsy.results and quinsy.name_only[0].title == "Quinsy"
        # The entry titled so first, then those that call it so.
        assert [n.entry_id for n in service.search("wheezing").name_only] == [
            "adam-wheezing",
            "adam-stridor",
        ]
        # A name some entry with text answers needs no such line.
        gout = service.search("gout")
        assert gout.results and not gout.name_only
        assert "named_without_text" not in gout.to_json()
        # A search in one entry lists its sections only, as it names no
        # other source's entry for "also from".
        inside = service.search("how to stop a nosebleed", entry="vwd")
        assert inside.results and not inside.name_only
    app = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "index")})
    client = app.test_client()
    html = client.get("/search?q=how+to+stop+a+nosebleed").get_data(True)
    line = re.search(r'<p class="notice name-only">(.*?)</p>', html, re.S).group(1)
    assert '<a href="/entry/adam-nosebleed">Nosebleed</a>' in line
    assert 'href="https://medlineplus.gov/ency/article/003106.htm"' in line
    # A stored source URL that is no web address is never a link.
    html = client.get("/search?q=quinsy").get_data(True)
    assert '<a href="/entry/adam-quinsy">Quinsy</a>' in html
    assert "javascript:" not in html
    # Its page sends the reader to what the held texts say of it.
    html = client.get("/entry/adam-nosebleed").get_data(True)
    assert '<a href="/search?q=Nosebleed">' in html
    found = client.get("/search?q=Nosebleed").get_data(True)
    assert "Von Willebrand disease" in found
    app.extensions["search"].close()


def test_a_name_held_by_name_only_names_its_topic_from_other_sources(tmp_path):
    build_index(HELD_BY_NAME, tmp_path / "index")
    with SearchService(tmp_path / "index") as service:
        (concept,) = service.plan("shaky hands").concepts
        assert set(concept.entries) == {"adam-tremor", "ninds-tremor"}
        found = service.search("shaky hands")
        assert found.results[0].entry_id == "ninds-tremor"
        assert not found.name_only  # the topic has text here
        # Only where every entry the name names is held by name only.
        assert service.plan("gout").concepts[0].entries == ("adam-gout", "gout")
        # No entry with text is titled as the named one: its topic's are
        # named, as its page's "also from" lists them.
        (concept,) = service.plan("fatty liver").concepts
        assert concept.entries == ("adam-fatty-liver", "gard-nash")
        assert service.search("fatty liver").results[0].entry_id == "gard-nash"
        assert [
            e.entry_id
            for e in service.same_topic(service.get_entry("adam-fatty-liver"))
        ] == ["gard-nash"]
        # Its topic holds text: it is filed under nothing broader.
        assert service.filed_under(service.get_entry("adam-fatty-liver")) == ()
        # A synonym lookup says where its topic's text is, as its page does.
        (match,) = service.synonyms("fatty liver")["matches"]
        assert match["entry_id"] == "adam-fatty-liver"
        assert match["also_from"] == [
            {
                "entry_id": "gard-nash",
                "title": "Nonalcoholic steatohepatitis",
                "source_name": "GARD",
                "url": "/entry/gard-nash",
            }
        ]
    app = create_app({"INDEX_DIR": str(tmp_path / "index"), "TESTING": True})
    html = app.test_client().get("/synonyms?term=fatty+liver").get_data(True)
    also = re.search(r'<p class="also-from">(.*?)</p>', html, re.S).group(1)
    assert also == (
        'Also from <a href="/entry/gard-nash">GARD</a> (Nonalcoholic steatohepatitis)'
    )
    app.extensions["search"].close()
    args = ["synonyms", "fatty liver", "--index-dir", str(tmp_path / "index")]
    printed = CliRunner().invoke(cli, args).output.splitlines()
    assert printed[0].endswith("[adam-fatty-liver, ADAM, text at its source]")
    assert printed[2] == "   text here: Nonalcoholic steatohepatitis [gard-nash, GARD]"


def test_a_name_held_by_name_only_names_the_topic_it_is_filed_under(tmp_path):
    # A.D.A.M. names *Foot, leg, and ankle swelling* "Edema - peripheral":
    # filed under Edema, whose text is the nearest the index holds. Its
    # own words found a heart's Symptoms first.
    entries = [
        held_by_name(
            "adam-swelling",
            "Foot, leg, and ankle swelling",
            ["Leg swelling", "Edema - peripheral"],
        ),
        make_entry(
            "edema", "Edema", Summary="Edema is fluid in the tissues of the body."
        ),
        make_entry(
            "heart-failure",
            "Heart Failure",
            Symptoms="Leg swelling, and swelling of the leg at night.",
        ),
        # Six entries filed under "Pain", more than a name may name: a
        # heading over many topics, whose summary answers none of them.
        held_by_name("adam-heel", "Heel pain", ["Pain - heel"]),
        *(
            held_by_name(f"adam-pain-{n}", f"Pain {n}", [f"Pain - part {n}"])
            for n in range(5)
        ),
        make_entry("pain", "Pain", Summary="Pain is a feeling of hurt."),
        make_entry(
            "foot-health", "Foot Health", Summary="Heel pain is a common foot pain."
        ),
        held_by_name(
            "adam-stripping",
            "Varicose veins - what to ask your doctor",
            ["Vein stripping - what to ask your doctor"],
        ),
        make_entry("varicose", "Varicose Veins", Summary="Veins that are swollen."),
        *other_topics(4),
    ]
    build_index(entries, tmp_path / "index")
    with SearchService(tmp_path / "index") as service:
        (concept,) = service.plan("leg swelling").concepts
        assert concept.entries == ("adam-swelling", "edema")
        found = service.search("leg swelling")
        assert found.results[0].entry_id == "edema"
        # Its own text is still at its source: the page says so.
        assert [e.entry_id for e in found.name_only] == ["adam-swelling"]
        (concept,) = service.plan("heel pain").concepts
        assert concept.entries == ("adam-heel",)
        assert service.search("heel pain").results[0].entry_id == "foot-health"
        # A synonym lookup and the entry's page point to that text.
        (match,) = service.synonyms("leg swelling")["matches"]
        assert match["also_from"] == []
        assert [o["entry_id"] for o in match["filed_under"]] == ["edema"]
        assert "filed_under" not in service.synonyms("heel pain")["matches"][0]
        swelling = service.get_entry("adam-swelling")
        assert [o.entry_id for o in service.filed_under(swelling)] == ["edema"]
        assert service.filed_under(service.get_entry("adam-heel")) == ()
        assert service.filed_under(service.get_entry("edema")) == ()
        # Autocomplete lists its names too, leading where their search does;
        # not a name filed under a heading over many topics.
        (suggested,) = service.suggest("leg sw")
        assert (suggested["name"], suggested["entry_id"]) == ("Leg swelling", "edema")
        assert service.suggest("heel p") == []
        # Where the broader topic's title is listed for the prefix too, it
        # is listed by that title.
        assert [s["name"] for s in service.suggest("vei")] == ["Varicose Veins"]
        (suggested,) = service.suggest("vein str")
        assert suggested["entry_id"] == "varicose"
    app = create_app({"INDEX_DIR": str(tmp_path / "index"), "TESTING": True})
    client = app.test_client()
    html = client.get("/entry/adam-swelling").get_data(True)
    filed = re.search(r'<p class="filed-under">(.*?)</p>', html, re.S).group(1)
    assert filed.startswith('Filed under <a href="/entry/edema">Edema</a> (')
    (other,) = client.get("/api/entries/adam-swelling").get_json()["filed_under"]
    assert (other["entry_id"], other["title"], other["url"]) == (
        "edema",
        "Edema",
        "/entry/edema",
    )
    assert "filed_under" not in client.get("/api/entries/adam-heel").get_json()
    html = client.get("/synonyms?term=leg+swelling").get_data(True)
    assert '<p class="filed-under">Filed under <a href="/entry/edema">' in html
    app.extensions["search"].close()
    args = ["synonyms", "leg swelling", "--index-dir", str(tmp_path / "index")]
    printed = CliRunner().invoke(cli, args).output.splitlines()
    assert printed[2].startswith("   filed under: Edema [edema, ")


def test_a_query_that_is_the_head_of_names_held_by_name_only_names_them(tmp_path):
    # A.D.A.M. files two articles under "How to use an inhaler", which no
    # entry is titled or named: typed as a query, the head names both as
    # known here by name only, with links to their text at the source.
    entries = [
        held_by_name("adam-spacer", "How to use an inhaler - with spacer"),
        held_by_name("adam-no-spacer", "How to use an inhaler - no spacer"),
        make_entry(
            "asthma",
            "Asthma",
            Treatment="Use an inhaler as your doctor showed you, with a spacer.",
        ),
        # A head an entry with text is filed under is more than that entry.
        make_entry(
            "type-a",
            "Type A insulin resistance syndrome",
            ["Insulin resistance - type A"],
            Summary="A rare form of insulin resistance.",
        ),
        make_entry(
            "prediabetes",
            "Insulin Resistance and Prediabetes",
            Summary="Insulin resistance is common before diabetes.",
        ),
        # One word heads a broad topic, not its narrower ones.
        held_by_name("adam-night", "Night blindness", ["Vision - night blindness"]),
        *other_topics(4),
    ]
    build_index(entries, tmp_path / "index")
    with SearchService(tmp_path / "index") as service:
        found = service.search("how to use an inhaler")
        held = {e.entry_id for e in found.name_only}
        assert held == {"adam-spacer", "adam-no-spacer"}
        assert found.results[0].entry_id == "asthma"
        # A synonym lookup of the words finds them too (it offered the
        # same words back as a suggestion).
        looked_up = service.synonyms("how to use an inhaler")
        assert {m["entry_id"] for m in looked_up["matches"]} == held
        assert "suggestions" not in looked_up
        # Named, not searched: the words find what they found before.
        assert not any(
            c.entries for c in service.plan("how to use an inhaler").concepts
        )
        assert service.plan("insulin resistance").name_only == ()
        assert service.plan("vision").name_only == ()
        assert service.synonyms("insulin resistance")["matches"] == []


def test_entries_one_source_titles_alike_are_told_apart_by_address(tmp_path):
    # The Cancer Institute's treatment and screening summaries of a cancer
    # are two entries with one title: "Also from National Cancer
    # Institute, National Cancer Institute" gave nothing to choose by.
    def summary(entry_id: str, slug: str, text: str):
        entry = make_entry(entry_id, "Gland Cancer", Summary=text)
        url = f"https://www.cancer.example/types/gland/patient/{slug}"
        return replace(entry, source="CancerGov", url=url)

    treated = "Gland cancer is treated by surgery."
    entries = [
        summary("nci-1", "gland-treatment-pdq", treated),
        summary("nci-2", "gland-screening-pdq", "Gland cancer screening finds it."),
        # The same text again under another address: one entry to a reader.
        summary("nci-3", "gland-treatment-pdq#again", treated),
        sourced(
            "MPlusHealthTopics",
            make_entry("mp", "Gland Cancer", Summary="Gland cancer is rare."),
        ),
        *other_topics(4),
    ]
    build_index(entries, tmp_path / "index")
    with SearchService(tmp_path / "index") as service:
        found = service.search("gland cancer")
        named = {found.results[0].entry_id: found.results[0].qualifier}
        named |= {o.entry_id: o.qualifier for o in found.results[0].also_from}
        # nci-3 copies nci-1: one link for the two.
        assert named.keys() == {"mp", "nci-2"} | ({"nci-1", "nci-3"} & named.keys())
        assert len({"nci-1", "nci-3"} & named.keys()) == 1
        assert {named.get("nci-1"), named.get("nci-3")} - {None} == {"treatment"}
        assert (named["nci-2"], named["mp"]) == ("screening", "")
        # The qualifier is in the JSON only where there is one.
        data = found.results[0].to_json()
        shown = [data, *data["also_from"]]
        assert {d["entry_id"]: d.get("qualifier") for d in shown} == {
            "nci-1": "treatment",
            "nci-2": "screening",
            "mp": None,
        }

    app = create_app({"INDEX_DIR": str(tmp_path / "index"), "TESTING": True})
    client = app.test_client()
    html = unescape(client.get("/search?q=gland+cancer+screening").get_data(True))
    # The screening summary leads: its row and its namesake's link say which.
    assert "National Cancer Institute: screening</p>" in html
    assert "National Cancer Institute</a> (treatment)" in html
    # Named the same on a page of one hit (its namesake in its "also
    # from"), and on its own page.
    with SearchService(tmp_path / "index") as service:
        alone = service.search("gland cancer treatment surgery", per_page=1)
        assert alone.results[0].entry_id in ("nci-1", "nci-3")
        assert alone.results[0].qualifier == "treatment"
        assert service.qualifier(service.get_entry("nci-3")) == "treatment"
    html = unescape(client.get("/entry/nci-2").get_data(True))
    assert "Source: National Cancer Institute: screening" in html
    assert "Source: MedlinePlus</p>" in unescape(client.get("/entry/mp").get_data(True))
