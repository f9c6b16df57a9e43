"""Snippets: whole words, sentence starts, and a mark whenever the text matched."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from indexer import snippets
from indexer.analysis import _FOLD, plain_term
from indexer.snippets import SNIPPET_CHARS, find_matches, highlight

LONG = "Pneumonoultramicroscopicsilicovolcanoconiosis"  # 45 letters, no space


def shown_words(html: str) -> list[str]:
    """The snippet's words as a reader sees them, without marks and cuts."""
    text = re.sub(r"</?mark>", "", html).replace("&amp;", "&")
    return [w for w in text.split() if w not in ("…", "·")]


@pytest.mark.parametrize(
    "text",
    [
        # The word before the window is too long to step back over.
        " ".join([LONG] * 12) + " it is treated with rest " + " ".join([LONG] * 12),
        # Blocks joined by line breaks only: no space to end the window at.
        "\n".join(["heading words here"] * 30 + ["treated"] + [LONG] * 12),
    ],
    ids=["long-words", "line-breaks"],
)
def test_snippet_starts_and_ends_between_words(text):
    html = highlight(text, {"treat"})
    assert "<mark>treated</mark>" in html
    words = set(text.split())
    assert set(shown_words(html)) <= words, html


def test_snippet_begins_at_the_sentence_of_its_match():
    text = (
        "Gout is a form of arthritis. " * 8
        + "Colchicine is often used and is thought to calm a flare within a day. "
        + "Rest helps too. " * 20
    )
    html = highlight(text, {"colchicin"})
    assert html.startswith("… <mark>Colchicine</mark> is often used")


def test_snippet_begins_at_a_block_start_and_shows_block_breaks():
    text = "Intro. " * 60 + "Treatment Plans\n\nmost take colchicine\n\nRest"
    html = highlight(text, {"colchicin"})
    assert html == "… most take <mark>colchicine</mark> · Rest"


def test_snippet_keeps_the_opening_when_the_match_is_in_it():
    text = "Gout hurts. It is treated with rest. " + "More words follow. " * 30
    html = highlight(text, {"treat"})
    assert html.startswith("Gout hurts. It is <mark>treated</mark>")
    assert html.endswith(" …") and len(html) < SNIPPET_CHARS + 40


def test_snippet_falls_back_to_a_word_start_in_a_long_sentence():
    text = "word " * 200 + "treated " + "word " * 50
    html = highlight(text, {"treat"})
    assert html.startswith("… word ")
    assert "<mark>treated</mark>" in html


@pytest.mark.parametrize(
    ("text", "query", "marked"),
    [
        # The index folds accents; the text keeps them.
        ("Sjögren syndrome dries the eyes.", "sjogren", "Sjögren"),
        ("Ménière disease affects the ear.", "Meniere", "Ménière"),
        ("Treated with ablation.", "ablations", "ablation"),
        # Any case, in ASCII text (searched lowered) and in other text.
        ("MICROWAVE Ablation of the liver.", "ablation", "Ablation"),
        ("MICROWAVE Ablation of the liver.", "microwave", "MICROWAVE"),
        ("Ménière: MICROWAVE ablation.", "microwave", "MICROWAVE"),
        ("SJÖGREN syndrome.", "sjogren", "SJÖGREN"),
    ],
)
def test_a_word_matched_in_the_text_is_always_marked(text, query, marked):
    terms = {plain_term(query.lower())}  # the term as the index holds it
    assert f"<mark>{marked}</mark>" in highlight(text, terms)


def marked(html: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", html)


def test_a_phrase_is_marked_only_where_its_words_stand_together_in_order():
    text = "Type 1 is rare. Of type 2, one in 1,000 has type 1 hemochromatosis."
    phrase = ("type", "1", "hemochromatosi")
    html = highlight(text, {"rare"}, phrases=(phrase,))
    assert marked(html) == ["rare", "type", "1", "hemochromatosis"]
    # A short word between, as in "cancer of the liver", still joins them.
    html = highlight("A cancer of the liver.", set(), phrases=(("cancer", "liver"),))
    assert marked(html) == ["cancer", "liver"]
    # Across a sentence's end, or out of order, they do not.
    for text in ("It is a cancer. The liver heals.", "The liver cancer."):
        assert marked(highlight(text, set(), phrases=(("cancer", "liver"),))) == []


@pytest.mark.parametrize(
    "text",
    [
        # Chains of words joined by "-" or ".": one match, from the first
        # word a prefix starts to the chain's end, never a second inside.
        "Non-Hodgkin lymphoma, hodgkin-like; liver-liver and x-liver.",
        "deliver the liver. LIVER-transplant e.g. liver.cancer ablation snake_liver",
        # Accents folded one character for one, and capitals in such text.
        "Ménière disease: MÉNIÈRE-like vertigo, meniere's, Hodgkin-Ménière.",
        # Prefixes met at the same word (one longer than the other).
        "Hodgkins and hodgkin and hodg and ho",
    ],
)
@pytest.mark.parametrize("eager", [20_000, 0], ids=["sorted", "merged"])
def test_words_found_prefix_by_prefix_are_those_one_pattern_finds(
    text, eager, monkeypatch
):
    # Lowered ASCII text is searched prefix by prefix (str.find), other
    # text with one pattern: the same words, whichever prefix matched, and
    # whether a prefix's words are all found and sorted (a section's
    # length) or merged as asked for (a longer text).
    monkeypatch.setattr(snippets, "_EAGER_CHARS", eager)
    prefixes = snippets._prefixes({"hodgkin", "liver", "menier", "ablat", "hodg"})
    searched = snippets._folded(text).lower()
    assert searched.isascii()  # so the prefix-by-prefix search is the one tried
    one = snippets._compiled(prefixes, True).finditer(searched)
    assert list(snippets._spans(searched, prefixes, True)) == [m.span() for m in one]


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet="ab liver-._2"
        "\u2019\u2013\u00b5\u00df\u017f\u212a\u0130\u0131\u00d6\u00f6\u00b2",
        max_size=40,
    ),
    st.sets(
        st.sampled_from(["liver", "ab", "sa", "k", "i", "2", "o", "b_l"]), min_size=1
    ),
)
# Letters a case-blind pattern takes for ASCII ones, and word characters
# the fold leaves as they are, at a word's start.
@example(
    "\u017fab \u212aiver \u00b5liver \u00df2 ab\u2019liver\u2013ab",
    {"sa", "k", "liver", "ab", "2"},
)
@example("x b\u00b5liver", {"b_l"})  # a prefix with the stand-in "_" itself
def test_text_the_fold_leaves_unascii_is_searched_as_the_pattern_searches_it(
    text, terms
):
    # What the fold leaves non-ASCII (curly quotes, dashes, "µ", "ß") stands
    # in as ASCII, so the text is searched with str.find: the words found
    # are those the one case-blind pattern finds in the folded text.
    prefixes = snippets._prefixes(terms)
    folded = snippets._folded(text)
    if not snippets._case_sensitive(prefixes):
        assert "_" in "".join(prefixes)  # "_" stands in: the pattern is kept
        return
    searched = snippets._ascii(text).lower()
    assert searched.isascii() and len(searched) == len(text)
    one = snippets._compiled(prefixes, False).finditer(folded)
    assert list(snippets._spans(searched, prefixes, True)) == [m.span() for m in one]


def test_accents_fold_one_character_for_one():
    text = "Sjögren and Ménière; Æsop"
    assert len(snippets._folded(text)) == len(text)
    assert snippets._folded(text).lower() == text.translate(_FOLD).lower()


def test_a_long_text_is_searched_only_as_far_as_the_snippet_needs(monkeypatch):
    # A section may hold a megabyte: the words are found as the snippet asks
    # for them, not all of them first (a 1 MB text of one word took 0.7 s).
    tail, ends = snippets._TAIL, []

    class Counting:
        def match(self, text, pos):
            ends.append(pos)
            return tail.match(text, pos)

    monkeypatch.setattr(snippets, "_TAIL", Counting())
    found = find_matches("gout " * 10_000, {"gout"})
    assert len(found) == snippets._MAX_MATCHES
    assert len(ends) <= snippets._MAX_MATCHES + 1


SENTENCES = st.lists(
    st.sampled_from(
        [
            "What are the signs of gout?",
            "The table below lists how often each sign is seen in people.",
            "Gout hurts the big toe.",
            "Rest & ice <help>.",
            "It is treated with rest",
            "\n",
            "7.5% swelling",
        ]
    ),
    max_size=12,
)


def test_a_page_shows_a_sentence_once_where_the_text_says_more():
    # NIH Senior Health opens several answers with one sentence.
    opening = "Glaucoma is high pressure in the eye that can damage its nerve."
    first = f"{opening} It has no early signs."
    second = f"{opening} " + "Tests find it. " * 20 + "Drops lower glaucoma pressure."
    shown: set[str] = set()
    assert "damage" in highlight(first, {"glaucoma"}, shown=shown)
    again = highlight(second, {"glaucoma"}, shown=shown)
    assert "damage" not in again and "<mark>glaucoma</mark> pressure" in again
    # A heading run into the sentence, as NIH Senior Health's are, is the
    # same sentence said again.
    headed = f"Types of Glaucoma {opening} " + "Tests find it. " * 20
    assert "damage" not in highlight(
        headed + "Glaucoma is treated.", {"glaucoma"}, shown=shown
    )
    # With nothing else to show, the sentence is shown again; without a
    # page, the text's opening is the snippet.
    assert "damage" in highlight(opening, {"glaucoma"}, shown=shown)
    assert "damage" in highlight(second, {"glaucoma"})


@settings(max_examples=300, deadline=None)
@given(
    SENTENCES, st.sets(st.sampled_from(["gout", "sign", "rest", "tabl"]), min_size=1)
)
def test_a_snippet_past_stock_is_still_the_texts_words(sentences, terms):
    """Whichever sentences are stock, a snippet is the text's own words,
    escaped, and opens after the stock a text opens with whenever the
    text says anything else."""
    from indexer.stock import SENTENCE

    text = " ".join(sentences)
    stock = [m.span() for m in SENTENCE.finditer(text) if "?" in m.group()]
    by_spans = highlight(text, terms, stock_spans=stock)
    shown: set[str] = set()  # a page that showed this text already
    highlight(text, terms, stock_spans=stock, shown=shown)
    paged = highlight(text, terms, stock_spans=stock, shown=shown)
    words = set(re.sub(r"[<>&]", " ", text).split())
    for html in (by_spans, paged):
        assert "<help>" not in html  # escaped
        assert set(shown_words(re.sub(r"&lt;|&gt;", " ", html))) <= words | {"&"}
    opening = 0
    for start, end in stock:
        if text[opening:start].strip():
            break
        opening = end
    rest = text[opening:].strip()
    if opening and rest and not rest.startswith("?"):
        # The text opens with stock and says more: the snippet is cut there.
        assert by_spans.startswith("…"), by_spans


@pytest.mark.parametrize(
    "credit",
    [
        "NIH: National Institute of Allergy and Infectious Diseases",
        "Centers for Disease Control and Prevention",
    ],
)
def test_a_snippet_ends_before_a_summary_s_credit_line(credit):
    text = (
        "Measles is a very contagious illness caused by a virus. It spreads "
        "through the air. There is no treatment, but the measles vaccine can "
        "prevent it.\n\n" + credit
    )
    shown = highlight(text, {"vaccin"})
    assert marked(shown) == ["vaccine"]
    assert shown.endswith("prevent it.")
    # A credit-like line inside the text is text.
    inside = text.replace("\n\n" + credit, "") + "\n\n" + credit + "\n\nAsk a nurse."
    assert "Ask a nurse." in highlight(inside, {"nurse"})


def test_words_the_index_leaves_out_are_not_marked():
    # A web address's path, a telephone number and a summary's credit line
    # are blanked before indexing: they match no query, so show none.
    text = (
        "Glaucoma damages the optic nerve. Call 1-800-232-4636 for help. "
        "See www.nei.nih.gov/eye-health for more.\n\nNIH: National Eye Institute"
    )
    terms = {"eye", "800", "nerv"}
    assert marked(highlight(text, terms)) == ["nerve"]
    assert marked(snippets.mark_words(text, terms)) == ["nerve"]
