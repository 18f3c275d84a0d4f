"""The COM-B barrier sorter: cue sorting, tags, the Behaviour Change Wheel links, bad input."""

import pytest

from course.models.comb import (
    COMPONENTS,
    CUES,
    FUNCTIONS,
    LINKS,
    TAGS,
    classify_barrier,
    sort_barriers,
    suggest,
)


def test_links_follow_michie_2011_table_2():
    assert LINKS["physical-capability"] == ("training", "enablement")
    assert LINKS["psychological-capability"] == ("education", "training", "enablement")
    assert LINKS["reflective-motivation"] == ("education", "persuasion", "incentivisation",
                                              "coercion")
    assert set(LINKS["automatic-motivation"]) == {"persuasion", "incentivisation", "coercion",
                                                  "environmental-restructuring", "modelling",
                                                  "enablement"}
    for opportunity in ("physical-opportunity", "social-opportunity"):
        assert set(LINKS[opportunity]) == {"restriction", "environmental-restructuring",
                                           "enablement"}


def test_six_components_nine_functions_and_every_function_linked():
    assert len(COMPONENTS) == 6 and len(FUNCTIONS) == 9
    assert set(LINKS) == set(COMPONENTS) == set(CUES) == set(TAGS.values())
    assert {f for links in LINKS.values() for f in links} == set(FUNCTIONS)


@pytest.mark.parametrize("text, component", [
    ("I don't know where the new checklist is kept", "psychological-capability"),
    ("People keep forgetting the second step", "psychological-capability"),
    ("The boxes are too heavy to lift safely", "physical-capability"),
    ("There's no time during a busy shift", "physical-opportunity"),
    ("The booking system keeps crashing", "physical-opportunity"),
    ("Nobody else on the team does it", "social-opportunity"),
    ("It is frowned upon to slow the line down", "social-opportunity"),
    ("Honestly it is a waste of time", "reflective-motivation"),
    ("That is not my job", "reflective-motivation"),
    ("I get nervous in front of the group", "automatic-motivation"),
    ("It's just habit to skip it", "automatic-motivation"),
])
def test_single_cue_sorts_into_one_component(text, component):
    barrier = classify_barrier(text)
    assert barrier.components == (component,)
    assert barrier.cues and not barrier.tagged


def test_statement_with_two_cues_gets_two_components_in_model_order():
    barrier = classify_barrier("I don't see the point, the old way worked fine")
    assert barrier.components == ("reflective-motivation", "automatic-motivation")
    assert '"do not see the point"' in barrier.cues and '"the old way"' in barrier.cues


def test_curly_apostrophes_and_contractions_are_normalised():
    assert classify_barrier("I can\u2019t work out the new form").components == (
        "psychological-capability", "physical-opportunity")


def test_cues_match_whole_words_only():
    # "access" matches the word, not "accessible"; "forms?" does not match "formal"
    assert classify_barrier("Access is fine and accessible").components == (
        "physical-opportunity",)
    assert classify_barrier("The formal part went well").components == ()


def test_tags_override_cues_and_accept_loose_spelling():
    barrier = classify_barrier("[o-so, M Au] I don't know who to ask", line_no=3)
    assert barrier.tagged
    assert barrier.components == ("social-opportunity", "automatic-motivation")
    assert barrier.text == "I don't know who to ask"
    assert barrier.cues == ("[O-So]", "[M-Au]")


def test_unrecognised_statement_is_reported_not_guessed():
    d = sort_barriers("The weather was lovely\nI forget the steps")
    assert d.unsorted == 1
    assert d.barriers[0].components == ()
    assert d.counts["psychological-capability"] == 1


def test_sort_barriers_counts_and_ranks_suggestions():
    d = sort_barriers([
        "I don't know where the checklist is",      # psychological capability
        "I keep forgetting the last step",          # psychological capability
        "I'm nervous about getting it wrong",       # automatic motivation
    ])
    assert d.counts == {"physical-capability": 0, "psychological-capability": 2,
                        "physical-opportunity": 0, "social-opportunity": 0,
                        "reflective-motivation": 0, "automatic-motivation": 1}
    ranked = {s.function: s for s in d.suggestions}
    # enablement acts on both components, so it covers all three barriers
    assert d.suggestions[0].function == "enablement" and d.suggestions[0].barriers == 3
    # education and training act on psychological capability only: two barriers each,
    # ranked above the motivation functions with one barrier each
    assert ranked["education"].barriers == ranked["training"].barriers == 2
    assert ranked["modelling"].barriers == 1
    assert "restriction" not in ranked  # no opportunity barrier was found
    assert "2 of 3 sorted barriers" in ranked["education"].reason
    order = [s.function for s in d.suggestions]
    assert order.index("training") < order.index("modelling")


def test_ties_prefer_the_more_specific_function():
    d = sort_barriers(["The boxes are too heavy to lift"])
    assert [s.function for s in d.suggestions] == ["training", "enablement"]


def test_suggest_ignores_unsorted_barriers():
    assert suggest([classify_barrier("The weather was lovely")]) == ()


@pytest.mark.parametrize("bad, message", [
    ("", "at least one barrier"),
    ("   \n\n", "at least one barrier"),
    (42, "text"),
    ("\n".join(["I forget"] * 51), "at most 50"),
    ("[X-Yz] something", "unknown tag [X-Yz]"),
    ("[] something", "empty tag"),
    ("[O-So]   ", "needs a barrier statement"),
    (["fine", 7], "line 2"),
])
def test_bad_input_raises_clear_value_error(bad, message):
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        sort_barriers(bad)
