"""The document-level pass: one name, one label across neighbouring sentences."""

from __future__ import annotations

from akhbar.ner.consistency import harmonize


def test_a_name_found_once_is_tagged_where_it_recurs_even_behind_a_clitic():
    sentences = [["فاز", "برشلونة", "على", "ريال", "مدريد"], ["وقال", "مدرب", "لبرشلونة", "إن", "الفريق"],
                 ["ثم", "غادر"]]
    tags = [["O", "B-ORG", "O", "B-ORG", "I-ORG"], ["O", "O", "O", "O", "O"], ["O", "O"]]
    out = harmonize(sentences, tags)
    assert out[0] == tags[0]
    assert out[1] == ["O", "O", "B-ORG", "O", "O"]
    assert out[2] == ["O", "O"]


def test_the_majority_label_wins_and_ties_keep_each_label():
    sentences = [["زار", "برشلونة"]] * 3 + [["في", "برشلونة"]]
    tags = [["O", "B-ORG"], ["O", "B-ORG"], ["O", "B-LOC"], ["O", "O"]]
    assert harmonize(sentences, tags) == [["O", "B-ORG"]] * 4
    tie = harmonize(sentences[:2], [["O", "B-ORG"], ["O", "B-LOC"]])
    assert tie == [["O", "B-ORG"], ["O", "B-LOC"]]


def test_only_the_window_votes_and_short_names_do_not_spread():
    sentences = [["زار", "برشلونة"], *[["ثم", "عاد"]] * 3, ["في", "برشلونة"], ["قال", "مع"]]
    tags = [["O", "B-ORG"], *[["O", "O"]] * 3, ["O", "O"], ["O", "B-PERS"]]
    out = harmonize(sentences, tags, window=2)
    assert out[4] == ["O", "O"]  # four sentences away
    assert harmonize(sentences, tags, window=4)[4] == ["O", "B-ORG"]
    assert harmonize([["مع", "مع"]], [["B-PERS", "O"]]) == [["B-PERS", "O"]]  # "مع": 2 characters
    assert harmonize([], []) == [] and harmonize([[]], [[]]) == [[]]
