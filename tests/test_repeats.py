"""Sections that say again what another of their entry says."""

from __future__ import annotations

from indexer.repeats import HELD_SHARE, NEAR_SHARE, inside_of, repeat_flags

# Hand-written, as NIH Senior Health gives a research note again inside a
# treatment summary but for a name written out: most of its six-word runs,
# not nine in ten.
NEWS = (
    "In its own clinics and in labs across the country, {who} looks for "
    "better ways to find, slow and stop the loss of sight that high eye "
    "pressure brings. Its teams have found several genes that may explain "
    "why the nerve at the back of the eye wears away in some people and "
    "not in others. They also follow large groups of patients to learn who "
    "is most at risk, when pressure should be lowered, and which drops work "
    "best as a first step."
)


def test_a_text_nearly_inside_another_is_held_but_no_repeat():
    assert HELD_SHARE < NEAR_SHARE
    treatment = "Eye drops lower the pressure. " + NEWS.format(who="NEI")
    research = NEWS.format(who="the National Eye Institute")
    # Held: left out of a page below the treatment summary ...
    assert inside_of([treatment, research, "Glaucoma runs in families."]) == [
        -1,
        0,
        -1,
    ]
    # ... but under one name no repeat: it says a little of its own.
    assert repeat_flags([treatment, research]) == [False, False]


def test_a_text_with_more_of_its_own_is_not_held():
    treatment = "Eye drops lower the pressure. " + NEWS.format(who="NEI")
    own = NEWS.format(who="the institute").replace("genes", "proteins")
    own = own.replace("large groups", "many groups")
    assert inside_of([treatment, own]) == [-1, -1]
