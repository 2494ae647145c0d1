"""The tune / check splits are fixed by a hash of the document id."""

import pytest

from akhbar import splits


def test_article_part_is_a_function_of_the_id_alone():
    ids = [f"SK-middleEast-{i}-20180301" for i in range(400)]
    parts = [splits.article_part(i) for i in ids]
    assert parts == [splits.article_part(i) for i in ids]
    share = parts.count("check") / len(parts)
    assert 0.4 < share < 0.6


def test_the_dev_split_is_pinned():
    # changing the salt or the rule would silently move articles between tune and check
    assert splits.article_part("SK-internationalNews-703-20180331") == "tune"
    assert splits.article_part("AL-internationalNews-392-20180307") == "check"


def test_gsr_sentences_of_one_article_share_a_fold():
    assert splits.gsr_article("AAW_ARB_20071026.0026-2") == "AAW_ARB_20071026.0026"
    assert splits.gsr_article("e6874d82b9c4_42") == "e6874d82b9c4"
    assert splits.gsr_fold("AAW_ARB_20071026.0026-2") == splits.gsr_fold("AAW_ARB_20071026.0026-17")
    folds = {splits.gsr_fold(f"AAW_ARB_2008{i:04d}.0001-1") for i in range(200)}
    assert folds == set(range(splits.GSR_FOLDS))


def test_anercorp_blocks_are_whole_and_about_fifteen_percent():
    parts = splits.split_sentences(list(range(4000)))
    assert len(parts["tune"]) + len(parts["check"]) == 4000
    share = len(parts["check"]) / 4000
    assert 0.08 < share < 0.25
    block = splits.ANERCORP_BLOCK
    for start in range(0, 4000, block):
        assert len({splits.anercorp_part(i) for i in range(start, start + block)}) == 1


def test_select_articles_keeps_order():
    ids = ["b", "a", "c", "d", "e", "f"]
    assert splits.select_articles(ids, "all") == ids
    assert sorted(splits.select_articles(ids, "tune") + splits.select_articles(ids, "check")) == sorted(ids)


def test_held_out_news_is_never_in_the_training_annotations():
    import json

    from akhbar.event_training import ANNOTATED_NEWS

    training = {a["external_id"] for a in json.loads(ANNOTATED_NEWS.read_text(encoding="utf-8"))["articles"]}
    held_out = splits.held_out_news()
    assert len(held_out) == 960 and not training & held_out


def test_training_on_a_held_out_article_fails():
    held_out = sorted(splits.held_out_news())
    splits.never_held_out(["SK-middleEast-1-20180301"])  # not held out: no error
    with pytest.raises(ValueError, match="held-out news"):
        splits.never_held_out(["SK-middleEast-1-20180301", held_out[0]])


def test_match_events_pairs_required_gold_first_with_the_first_free_prediction():
    def overlaps(a: str, b: str) -> bool:  # token containment, as the scorer's (without its clitics)
        return set(a.split()) <= set(b.split()) or set(b.split()) <= set(a.split())

    optional = {"type": "ASSAULT", "participants": ["إسرائيل"], "optional": True}
    required = {"type": "ASSAULT", "participants": ["الجيش الإسرائيلي", "غزة"]}
    other = {"type": "PROTEST", "participants": ["عمال"]}
    predicted = [("PROTEST", ["عمال المصنع"]), ("ASSAULT", ["غزة"]), ("ASSAULT", ["إسرائيل", "غزة"])]
    pairs = splits.match_events([optional, required, other], predicted, overlaps)
    # the required attack takes the first attack sharing a participant; the optional one the next
    assert pairs == [(required, 1), (other, 0), (optional, 2)]
    assert splits.match_events([required], [("ACCUSE", ["غزة"]), ("ASSAULT", ["لبنان"])], overlaps) == []
