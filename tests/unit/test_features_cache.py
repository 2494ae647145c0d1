"""CRF features built from per-token parts: the same strings in the same order as the trained
model expects, whatever the cache holds."""

from akhbar.lexicon import load
from akhbar.ner.features import _SEGMENTS, TOKEN_CACHE, Featurizer, document_features
from akhbar.text.arabic import fold

TOKENS = ["استقبل", "الكاظمي", "في", "بغداد", "وزير", "خارجية", "الولايات", "المتحدة", "."]


def _featurizer() -> Featurizer:
    return Featurizer(load(), {fold("بغداد"): ("7", "42", "300"), fold("الكاظمي"): ("1", "2", "3")})


def test_features_of_a_token_and_its_neighbours():
    feats = _featurizer().sentence(TOKENS)
    assert feats[2] == [
        "bias", "g=O", "w=في", "s=في", "b=في", "pre=", "cue=stop", "p1=ف", "p2=في", "p3=في", "x1=ي",
        "x2=في", "x3=في", "x4=في", "bp2=في", "bp3=في", "bx1=ي", "bx2=في", "bx3=في", "len=2", "nisba",
        "c64=-", "c256=-", "c1k=-", "-3w=BOS", "-2w=استقبل", "-2s=استقبل", "-2c=-", "-2g=O", "-2cue=stop",
        "-1w=الكاظمي", "-1s=الكاظمي", "-1c=2", "-1g=O", "-1cue=-", "-1c64=1", "-1c1k=3", "1w=بغداد",
        "1s=بغداد", "1c=42", "1g=B-GPE", "1cue=-", "1c64=7", "1c1k=300", "2w=وزير", "2s=وزير", "2c=-",
        "2g=O", "2cue=title", "3w=خارجيه", "3s=خارجيه", "3c=-", "3g=O", "3cue=-", "bi-=الكاظمي|في",
        "bi+=في|بغداد"]
    assert feats[5][24:] == [
        "-3w=في", "-3s=في", "-3c=-", "-3g=O", "-3cue=stop", "-2w=بغداد", "-2s=بغداد", "-2c=42", "-2g=B-GPE",
        "-2cue=-", "-1w=وزير", "-1s=وزير", "-1c=-", "-1g=O", "-1cue=title", "-1c64=-", "-1c1k=-",
        "1w=الولايات", "1s=الولايات", "1c=-", "1g=B-GPE", "1cue=-", "1c64=-", "1c1k=-", "2w=المتحده",
        "2s=المتحده", "2c=-", "2g=I-GPE", "2cue=-", "3w=.", "3s=.", "3c=-", "3g=O", "3cue=-",
        "bi-=وزير|خارجيه", "bi+=خارجيه|الولايات"]
    assert feats[0][-8:] == ["2g=O", "2cue=stop", "3w=بغداد", "3s=بغداد", "3c=42", "3g=B-GPE", "3cue=-",
                             "bi+=استقبل|الكاظمي"]


def test_a_token_cached_beside_a_gazetteer_phrase_reads_its_own_tag_elsewhere():
    features = _featurizer()
    first = features.sentence(["في", "بغداد", "."])
    again = features.sentence(["بغداد", "في", "."])
    assert "-1g=B-GPE" in first[2] and "1g=B-GPE" in first[0]
    assert "-1g=B-GPE" in again[1] and "1g=O" in again[0] and "2g=O" in again[0]


def test_sentences_get_fresh_lists_and_a_bounded_cache():
    features = _featurizer()
    first = features.sentence(TOKENS)
    first[3].append("changed")
    assert features.sentence(TOKENS) == _featurizer().sentence(TOKENS)
    assert features._token.cache_info().maxsize == TOKEN_CACHE


def test_document_features_count_the_other_sentences_in_the_window():
    sentences = [["الكاظمي", "يزور", "بغداد", "."], ["التقى", "الكاظمي", "الوزير", "."],
                 ["وصل", "إلى", "بغداد", "."]]
    first_pass = [["B-PERS", "O", "B-LOC", "O"], ["O", "O", "O", "O"], ["O", "O", "B-LOC", "O"]]
    none = ["doc=none"]
    assert document_features(_featurizer(), sentences, first_pass, 40) == [
        [["doc=O"], none, ["doc=LOC", "docshare=1.0"], none],
        [none, ["doc=PERS", "docshare=1.0"], none, none],
        [none, none, ["doc=LOC", "docshare=1.0"], none]]
    assert document_features(_featurizer(), sentences, first_pass, 1)[2] == [none, none, none, none]



def test_features_that_recur_across_tokens_are_one_string_each():
    (own, context), (again, context_again) = (_featurizer()._token("الكاظمي") for _ in range(2))
    assert own == again and context == context_again
    assert all(a is b for a, b in zip(own[3:], again[3:]))  # all but the word's own forms (w=, s=, b=)
    assert [a is b for a, b in zip(context, context_again)] == [k > 1 for names in _SEGMENTS for k in range(len(names))]


def test_releasing_the_word_caches_empties_them_and_changes_no_feature():
    from akhbar.text.caches import _caches, release

    features = _featurizer()
    before = features.sentence(TOKENS)
    assert features._token.cache_info().currsize and fold.cache_info().currsize
    release()
    assert not any(cache.cache_info().currsize for cache in _caches)
    assert features._token.cache_info().currsize == 0 and fold.cache_info().currsize == 0
    assert features.sentence(TOKENS) == before
