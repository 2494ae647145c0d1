"""The statistical NER layer: features, conlleval scoring, the packaged CRF, training, the
hybrid with the rules, and the commands that use them."""

from __future__ import annotations

import json

import pytest

from akhbar.cli import main
from akhbar.extract.entities import EntityRecognizer
from akhbar.lexicon import load
from akhbar.model import Sentence
from akhbar.ner import load_tagger
from akhbar.ner.base import TokenTagger
from akhbar.ner.clusters import build_clusters, read_clusters, write_clusters
from akhbar.ner.conll import gold_to_anercorp, read_tagged, score, spans
from akhbar.ner.crf import CrfTagger
from akhbar.ner.features import Featurizer
from akhbar.ner.training import recipe
from akhbar.settings import PROJECT_ROOT
from tests.conftest import shared_path


@pytest.fixture(scope="module")
def crf() -> CrfTagger:
    return CrfTagger()


def test_features_see_the_clitic_the_stem_and_the_gazetteer():
    features = Featurizer(load(), {})
    forms = features.forms("والعراق")
    assert (forms.prefix, forms.stem, forms.bare) == ("و", "العراق", "عراق")
    assert features.forms("وزير").prefix == ""  # a word that starts with و is not split
    feats = features.sentence(["وصل", "إلى", "الولايات", "المتحدة"])
    assert "g=B-GPE" in feats[2] and "g=I-GPE" in feats[3]
    assert "-1g=B-GPE" in feats[3] and "-2w=BOS" in feats[0]


def test_conlleval_spans_and_per_label_scores():
    assert spans(["B-PERS", "I-PERS", "O", "I-LOC", "I-LOC", "B-LOC"]) == {
        (0, 2, "PERS"), (3, 5, "LOC"), (5, 6, "LOC")}
    gold = [["B-PERS", "I-PERS", "O", "B-LOC"], ["B-ORG", "O"]]
    pred = [["B-PERS", "O", "O", "B-LOC"], ["B-ORG", "B-MISC"]]
    result = score(gold, pred)
    assert (result["LOC"].tp, result["PERS"].fp, result["PERS"].fn, result["MISC"].fp) == (1, 1, 1, 1)
    assert result["overall"].precision == pytest.approx(2 / 4)
    assert result["overall"].recall == pytest.approx(2 / 3)
    with pytest.raises(ValueError):
        score([["O"]], [["O", "O"]])


def test_gold_labels_of_other_corpora_map_to_anercorp():
    assert gold_to_anercorp(["B-PER", "I-PER", "B-MIS", "B-GPE", "B-NORP", "O"]) == [
        "B-PERS", "I-PERS", "B-MISC", "B-LOC", "O", "O"]


def test_packaged_crf_tags_names_places_and_organizations(crf):
    assert isinstance(crf, TokenTagger) and crf.name == "akhbar-crf" and len(crf.version) == 10
    tokens = ["وقال", "الرئيس", "الأمريكي", "باراك", "أوباما", "في", "واشنطن", "إن", "البنك", "الدولي", "سيقدم", "قرضا"]
    tags = dict(zip(tokens, crf.tag([tokens])[0]))
    assert (tags["باراك"], tags["أوباما"]) == ("B-PERS", "I-PERS")
    assert tags["واشنطن"] == "B-LOC"
    assert tags["البنك"] == "B-ORG" and tags["قرضا"] == "O"
    assert crf.tag([[]]) == [[]]


class OneSpan(TokenTagger):
    """A stub tagger: tags the tokens ``span`` (wherever they occur) with ``label``."""

    name, version = "stub", "1"

    def __init__(self, span: list[str], label: str) -> None:
        self.span, self.label = span, label

    def tag(self, sentences):
        out = []
        for tokens in sentences:
            tags = ["O"] * len(tokens)
            for i in range(len(tokens) - len(self.span) + 1):
                if list(tokens[i:i + len(self.span)]) == self.span:
                    tags[i] = "B-" + self.label
                    tags[i + 1:i + len(self.span)] = ["I-" + self.label] * (len(self.span) - 1)
            out.append(tags)
        return out


def _mentions(text: str, tagger) -> dict[str, tuple[str, str]]:
    found = EntityRecognizer(tagger=tagger).recognize(text, [Sentence(0, 0, len(text))])
    return {m.surface: (m.label, m.normalized) for m in found}


def test_tagger_spans_complete_the_rules_with_fine_labels():
    text = "وصل فولكسفاغن إلى مطار هيثرو في لندن"
    # an unknown name with a conjunction: the clitic stays in the surface, not in normalized
    assert _mentions("التقى وفولكسفاغن", OneSpan(["وفولكسفاغن"], "ORG"))["وفولكسفاغن"] == ("ORG", "فولكسفاغن")
    # ANERcorp's LOC becomes FAC after a facility head word, GPE otherwise
    assert _mentions(text, OneSpan(["مطار", "هيثرو"], "LOC"))["مطار هيثرو"][0] == "FAC"
    assert _mentions("زار جوبا", OneSpan(["جوبا"], "LOC"))["جوبا"][0] == "GPE"
    # a rule match wins over an overlapping tagger span; punctuation is never a name
    assert _mentions(text, OneSpan(["في", "لندن"], "PERS"))["لندن"][0] == "GPE"
    assert _mentions("قال -- ثم", OneSpan(["--"], "MISC")) == {}


def test_packaged_crf_finds_names_the_rules_miss(crf):
    text = "وسجل المهاجم الأرجنتيني سيرغيو أغويرو هدف الفوز لفريقه ."
    assert "سيرغيو أغويرو" not in _mentions(text, None)
    assert _mentions(text, crf)["سيرغيو أغويرو"][0] == "PER"


def test_clusters_group_words_by_their_neighbours(tmp_path):
    docs = [["ذهب", city, "امس"] for city in ("بغداد", "دمشق", "القاهرة") for _ in range(6)]
    docs += [["اكل", food, "اليوم"] for food in ("خبزا", "تمرا", "لحما") for _ in range(6)]
    # four kinds of word (verbs, places, foods, time adverbs): four clusters
    clusters = build_clusters(docs, sizes=(4,), min_count=5, contexts=10, dims=3)
    assert clusters["بغداد"] == clusters["دمشق"] == clusters["القاهرة"]
    assert clusters["خبزا"] == clusters["تمرا"] != clusters["بغداد"]
    write_clusters(tmp_path / "c.tsv", clusters)
    assert read_clusters(tmp_path / "c.tsv")["بغداد"] == (str(clusters["بغداد"][0]),)


def test_unknown_backend_is_refused():
    with pytest.raises(ValueError, match="choose one of"):
        load_tagger("bert")


def test_training_a_network_needs_word_vectors(tmp_path):
    with pytest.raises(ValueError, match="ner-embeddings"):
        recipe("ensemble", tmp_path / "clusters.tsv", None)


def test_train_tag_and_evaluate_commands_on_a_slice(tmp_path, capsys):
    from akhbar.splits import ANERCORP_BLOCK, anercorp_part

    anercorp = shared_path("data", "anercorp", "train.conll")
    # the first blocks up to and including the first untouched one (the dev run's check part)
    first_check = next(b for b in range(1000) if anercorp_part(b * ANERCORP_BLOCK) == "check")
    size = (first_check + 1) * ANERCORP_BLOCK
    lines, sentences = [], 0
    for line in anercorp.open(encoding="utf-8"):
        lines.append(line)
        sentences += not line.strip()
        if sentences == size:
            break
    gold = tmp_path / "slice.conll"
    gold.write_text("".join(lines), encoding="utf-8")
    vectors = tmp_path / "vectors.npz"
    assert main(["ner-embeddings", "--source", str(PROJECT_ROOT / "seeds"), "--conll", str(gold),
                 "--out", str(vectors)]) == 0
    model = tmp_path / "model"
    assert main(["train-ner", "--conll", str(gold), "--out", str(model),
                 "--embeddings", str(vectors), "--max-iterations", "30", "--epochs", "8"]) == 0
    out = capsys.readouterr().out
    for name in ("crf", "bilstm", "ensemble"):
        assert f"dev ({name}): untouched blocks, {ANERCORP_BLOCK} of {size} sentences" in out
    assert {p.name for p in model.iterdir()} == {"ner.crfsuite", "ner-doc.crfsuite", "clusters.tsv", "meta.json",
                                                  "bilstm"}
    assert {p.name for p in (model / "bilstm").iterdir()} == {"weights.pt", "vocab.json", "network.json"}
    meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
    assert set(meta["dev"]["scores"]) == {"crf", "bilstm", "ensemble"} and meta["sentences"] == size
    assert (meta["dev"]["part"], meta["dev"]["sentences"]) == ("check", ANERCORP_BLOCK)

    # --dev-only: the untouched-block figures of the recipe, no final model written or replaced
    dev_only = tmp_path / "dev-only"
    assert main(["train-ner", "--conll", str(gold), "--out", str(dev_only), "--backend", "crf",
                 "--max-iterations", "30", "--dev-only"]) == 0
    assert [p.name for p in dev_only.iterdir()] == ["meta.json"]
    meta = json.loads((dev_only / "meta.json").read_text(encoding="utf-8"))
    assert set(meta["dev"]["scores"]) == {"crf"} and "train_seconds" not in meta

    # --pretrain-source: the networks start from an encoder pretrained on the articles' sentences
    pretrained = tmp_path / "pretrained"
    assert main(["train-ner", "--conll", str(gold), "--out", str(pretrained), "--backend", "bilstm",
                 "--embeddings", str(vectors), "--epochs", "1", "--dev-only",
                 "--pretrain-source", str(PROJECT_ROOT / "seeds"), "--pretrain-tokens", "300"]) == 0
    meta = json.loads((pretrained / "meta.json").read_text(encoding="utf-8"))
    assert meta["params"]["bilstm"]["pretrain"]["tokens"] == 300 and set(meta["dev"]["scores"]) == {"bilstm"}

    tagged = tmp_path / "tagged.tsv"
    assert main(["tag", "--conll", str(gold), "--out", str(tagged), "--scheme", "anercorp",
                 "--model", str(model)]) == 0
    pairs = [line.split("\t") for line in tagged.read_text(encoding="utf-8").splitlines() if line]
    assert [p[0] for p in pairs] == [t for tokens, _ in read_tagged(gold) for t in tokens]
    assert any(p[1] != "O" for p in pairs)

    assert main(["evaluate-ner", "--conll", str(gold), "--model", str(model)]) == 0
    table = capsys.readouterr().out.splitlines()
    overall = next(line.split() for line in table if line.startswith("overall"))
    assert float(overall[3]) > 0.8  # its own training data


def test_camel_backend_from_the_command_line(tmp_path, monkeypatch):
    from tests.fixtures.camel_ner import build_camel_ner

    model = build_camel_ner(tmp_path / "camel", always="B-LOC")
    monkeypatch.setenv("CAMELTOOLS_DATA", str(tmp_path / "camel"))
    conll = tmp_path / "in.conll"
    conll.write_text("زار\nبغداد\n\nامس\n", encoding="utf-8")
    out = tmp_path / "out.tsv"
    assert main(["tag", "--conll", str(conll), "--out", str(out), "--scheme", "anercorp",
                 "--ner", "camel", "--model", str(model)]) == 0
    assert out.read_text(encoding="utf-8") == "زار\tB-LOC\nبغداد\tB-LOC\n\nامس\tB-LOC\n"


def test_currencies_are_not_entities():
    assert _mentions("دفع 500 دولار", OneSpan(["دولار"], "MISC")) == {}


def test_annotated_articles_become_anercorp_training_sentences(tmp_path):
    from akhbar.entity_training import anercorp_sentences

    text = "التقى الرئيس الأمريكي دونالد ترامب في واشنطن نظيره الفرنسي.\nوقالت وزارة الخارجية إن للحوثيين دورا."
    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "t-1", "title": "لقاء", "text": text,
                                                  "published_at": "2018-03-25T10:00:00+00:00"},
                                                 ensure_ascii=False) + "\n", encoding="utf-8")
    entities = [{"paragraph": 0, "text": "الأمريكي", "label": "NORP"},
                {"paragraph": 0, "text": "دونالد ترامب", "label": "PER"},
                {"paragraph": 0, "text": "واشنطن", "label": "GPE"},
                {"paragraph": 1, "text": "وزارة الخارجية", "label": "ORG"},
                {"paragraph": 1, "text": "الحوثيين", "label": "ORG"}]
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps({"articles": [{"external_id": "t-1", "entities": entities}]}, ensure_ascii=False),
                    encoding="utf-8")
    sentences = anercorp_sentences([(gold, [tmp_path / "a.jsonl"], "all")])
    tagged = [(t, g) for tokens, tags in sentences for t, g in zip(tokens, tags) if g != "O"]
    # NORP is not annotated in ANERcorp; GPE is its LOC; the token keeps its clitics (للحوثيين)
    assert tagged == [("دونالد", "B-PERS"), ("ترامب", "I-PERS"), ("واشنطن", "B-LOC"),
                      ("وزارة", "B-ORG"), ("الخارجية", "I-ORG"), ("للحوثيين", "B-ORG")]
    assert sum(map(len, (tokens for tokens, _ in sentences))) == len(text.split()) + 2  # the two full stops
    # persons only: the guide's other spans are left to any label but a person's, the rest stays O
    partial = anercorp_sentences([(gold, [tmp_path / "a.jsonl"], "all")], persons_only=True)
    assert [tokens for tokens, _ in partial] == [tokens for tokens, _ in sentences]
    assert [(t, g) for tokens, tags in partial for t, g in zip(tokens, tags) if g != "O"] == [
        ("الأمريكي", "!PERS"), ("دونالد", "B-PERS"), ("ترامب", "I-PERS"), ("واشنطن", "!PERS"),
        ("وزارة", "!PERS"), ("الخارجية", "!PERS"), ("للحوثيين", "!PERS")]


def test_extra_sentences_are_trained_on_in_both_runs_and_never_scored(tmp_path):
    from akhbar.ner.training import Recipe, train_and_report
    from akhbar.splits import ANERCORP_BLOCK, anercorp_part

    class Nothing(TokenTagger):
        def __init__(self, folder):
            pass

        def tag(self, sentences):
            return [["O"] * len(s) for s in sentences]

    first_check = next(b for b in range(1000) if anercorp_part(b * ANERCORP_BLOCK) == "check")
    size = (first_check + 1) * ANERCORP_BLOCK
    sentences = [(["زار", "ترامب", "باريس"], ["O", "B-PERS", "B-LOC"])] * size
    extra = [(["قال", "بوتين"], ["O", "B-PERS"])] * 7
    fitted: list[int] = []
    weighed: list = []
    how = Recipe(lambda s, out, weights: (fitted.append(len(s)), weighed.append(weights)), {"nothing": Nothing}, {})
    meta = train_and_report(sentences, tmp_path, how, extra=extra, extra_source="gold.json", log=lambda m: None)
    assert fitted == [size - ANERCORP_BLOCK + 7, size + 7] and weighed == [None, None]
    assert meta["dev"]["sentences"] == ANERCORP_BLOCK and meta["sentences"] == size
    assert meta["extra"] == {"source": "gold.json", "sentences": 7, "tokens": 14, "weight": 1.0}
    fitted.clear(), weighed.clear()
    meta = train_and_report(sentences, tmp_path, how, extra=extra, extra_weight="balance", log=lambda m: None)
    # balanced: the 7 extra sentences (14 tokens) weigh as much as the run's ANERcorp sentences
    for run, weights in zip(fitted, weighed):
        assert weights[:run - 7] == [1.0] * (run - 7)
        assert weights[-7:] == [pytest.approx((run - 7) * 3 / 14)] * 7


def test_annotated_weight_is_a_positive_number_or_balance():
    from akhbar.cli import build_parser

    def weight(*value):
        return build_parser().parse_args(["train-ner", "--conll", "g.conll", "--out", "m", *value]).annotated_weight

    assert weight() == 1.0 and weight("--annotated-weight", "0.25") == 0.25
    assert weight("--annotated-weight", "balance") == "balance"
    for bad in ("0", "-1", "half"):
        with pytest.raises(SystemExit):
            weight("--annotated-weight", bad)


def test_sentence_weights_are_one_unless_asked_and_refused_by_the_crf(tmp_path):
    from akhbar.ner.training import recipe, sentence_weights

    base, extra = [(["زار", "ترامب", "باريس"], ["O", "B-PERS", "B-LOC"])] * 4, [(["قال", "بوتين"], ["O", "B-PERS"])] * 2
    assert sentence_weights(base, extra, 1.0) is None and sentence_weights(base, [], 0.5) is None
    assert sentence_weights(base, extra, 0.5) == [1.0] * 4 + [0.5] * 2
    assert sentence_weights(base, extra, "balance") == [1.0] * 4 + [3.0] * 2
    with pytest.raises(ValueError, match="positive"):
        sentence_weights(base, extra, 0)
    how = recipe("crf", tmp_path / "clusters.tsv", None)
    with pytest.raises(ValueError, match="cannot weight sentences"):
        how.fit(base + extra, tmp_path / "m", [1.0] * 4 + [0.5] * 2)
