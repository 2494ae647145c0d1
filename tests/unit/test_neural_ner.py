"""The BiLSTM-CRF tagger (embeddings, a short seeded training run, tagging real sentences) and
the packaged ensemble of it with the CRF."""

from __future__ import annotations

import os

import numpy as np
import pytest

from akhbar.ner import load_tagger, neural
from akhbar.ner.base import TAGS, TokenTagger
from akhbar.ner.conll import read_tagged
from akhbar.ner.crf import MODEL_DIR
from akhbar.ner.ensemble import BILSTM_DIR, best_path
from akhbar.ner.training import recipe
from akhbar.text.arabic import fold
from tests.conftest import shared_path

BILSTM = MODEL_DIR / BILSTM_DIR
SENTENCES = [
    "وبحث الكاظمي خلال اجتماعه مع رئيسة مجلس النواب الأميركي نانسي بيلوسي في واشنطن".split(),
    ["قال", "وزير", "الخارجية", "المصري", "إن", "القاهرة", "ترفض", "التدخل"],
    [],
    ["."],
]


@pytest.fixture(scope="module")
def small():
    data = read_tagged(shared_path("data", "anercorp", "train.conll"))[:60]
    docs = [[fold(w) for w in tokens] for tokens, _ in data]
    emb = neural.build_embeddings(docs, neural.EmbeddingParams(dims=8, epochs=1, min_count=2, contexts=50))
    return data, emb


def test_embeddings_cover_frequent_words_and_round_trip(small, tmp_path):
    _, emb = small
    assert "في" in emb.words and emb.vectors.shape == (len(emb.words), 16)
    neural.save_embeddings(tmp_path / "emb.npz", emb)
    again = neural.load_embeddings(tmp_path / "emb.npz")
    assert again.words == emb.words and again.vectors.shape == emb.vectors.shape


def test_training_is_seeded_serial_or_parallel_and_the_model_tags_sentences(small, tmp_path):
    data, emb = small
    params = neural.TrainParams(epochs=1, hidden=16, char_filters=16, ensemble=2)
    meta = neural.train(data[:50], tmp_path / "a", emb, params)
    neural.train(data[:50], tmp_path / "b", emb, params, jobs=2)  # the networks in two processes
    assert {p.name for p in (tmp_path / "a").iterdir()} == {"weights.pt", "vocab.json", "network.json"}
    assert (tmp_path / "a" / "weights.pt").read_bytes() == (tmp_path / "b" / "weights.pt").read_bytes()
    assert meta["sentences"] == 50 and [h["member"] for h in meta["history"]] == [0, 1]

    tagger = neural.NeuralTagger(tmp_path / "a")
    assert isinstance(tagger, TokenTagger) and len(tagger.version) == 10
    tags = tagger.tag(SENTENCES)
    assert [len(t) for t in tags] == [len(s) for s in SENTENCES]
    allowed = set(neural.TAGS)
    assert all(t in allowed for sentence in tags for t in sentence)
    for sentence in tags:  # the CRF never starts a chunk with I-
        for prev, tag in zip(["O", *sentence], sentence):
            assert not tag.startswith("I-") or prev[2:] == tag[2:]
    assert tagger.tag([]) == []


def test_pretraining_teaches_the_encoder_and_every_network_starts_from_it(small, tmp_path):
    import torch

    data, emb = small
    params = neural.TrainParams(epochs=1, hidden=16, char_filters=8, ensemble=1, lr=0.02)
    text = [tokens for tokens, _ in data] * 30  # unlabeled sentences: ANERcorp's, read again and again
    pre = neural.PretrainParams(tokens=10 ** 6, negatives=16, threads=1)
    inputs = neural._inputs([tokens for tokens, _ in data[:30]], emb, params)
    done = neural.pretrain(text, inputs, params, pre)
    again = neural.pretrain(text, inputs, params, pre)
    assert done.meta["loss_last"] < 0.9 * done.meta["loss_first"]  # it learns to tell the words around
    assert done.meta["tokens"] == sum(len(t) for t in text if pre.min_words <= len(t) <= pre.max_words)
    assert "lstm.weight_ih_l0" in done.state and "conv.weight" in done.state
    assert not any(k.startswith(("words.", "out.", "crf.")) for k in done.state)
    assert all(torch.equal(done.state[k], again.state[k]) for k in done.state)  # seeded
    short = neural.pretrain(text, inputs, params, neural.PretrainParams(tokens=100, negatives=16, threads=1))
    assert 100 <= short.meta["tokens"] < 100 + pre.max_words  # stops once its tokens are read

    meta = neural.train(data[:30], tmp_path / "p", emb, params, text=text, pretrain_params=pre)
    plain = neural.train(data[:30], tmp_path / "q", emb, params)
    assert meta["pretrained"]["batches"] == done.meta["batches"] and "pretrained" not in plain
    assert (tmp_path / "p" / "weights.pt").read_bytes() != (tmp_path / "q" / "weights.pt").read_bytes()
    assert [len(t) for t in neural.NeuralTagger(tmp_path / "p").tag(SENTENCES[:2])] == [len(s) for s in SENTENCES[:2]]


def test_distilled_network_moves_towards_the_ensemble_and_loads_as_a_model(small, tmp_path):
    data, emb = small
    neural.train(data[:50], tmp_path / "pair", emb, neural.TrainParams(epochs=1, hidden=16, char_filters=16))
    sentences = [tokens for tokens, _ in data]
    teacher = neural.NeuralTagger(tmp_path / "pair", precision="float32")

    def gap(folder, epochs: int) -> float:
        meta = neural.distil(tmp_path / "pair", sentences, folder, neural.DistilParams(epochs=epochs, lr=0.01))
        assert meta["params"]["ensemble"] == 1 and meta["distilled"]["sentences"] < len(sentences)
        student = neural.NeuralTagger(folder, precision="float32")
        return float(np.mean([np.abs(a - b).mean() for a, b in
                              zip(student.marginals(sentences), teacher.marginals(sentences))]))

    untrained, trained = gap(tmp_path / "start", 0), gap(tmp_path / "student", 12)
    assert trained < 0.6 * untrained  # the first network alone, before any distillation
    agreement = neural.json.loads((tmp_path / "student" / "network.json").read_text())["distilled"]["agreement"]
    assert agreement["tokens"] > 0 and 0 <= agreement["token_agreement"] <= 1
    # a student trained further starts from its weights, not from the ensemble's first network
    neural.distil(tmp_path / "pair", sentences, tmp_path / "again", neural.DistilParams(epochs=0),
                  start=tmp_path / "student")
    again, student = (neural.NeuralTagger(tmp_path / d, precision="float32").marginals(sentences[:20])
                      for d in ("again", "student"))
    assert all(np.array_equal(a, b) for a, b in zip(again, student))


def test_training_recipe_distils_the_networks_into_one(small, tmp_path):
    data, emb = small
    neural.save_embeddings(tmp_path / "emb.npz", emb)
    unlabeled = [tokens for tokens, _ in data[50:]]
    how = recipe("bilstm", MODEL_DIR / "clusters.tsv", tmp_path / "emb.npz",
                 bilstm_params=neural.TrainParams(epochs=1, hidden=16, char_filters=16), distil_text=unlabeled,
                 distil_params=neural.DistilParams(epochs=1))
    how.fit(data[:50], tmp_path / "m")
    meta = neural.json.loads((tmp_path / "m" / "network.json").read_text())
    assert meta["params"]["ensemble"] == 1 and meta["distilled"]["params"]["epochs"] == 1
    assert how.params["bilstm"]["distil_tokens"] == sum(map(len, unlabeled))
    assert len(neural.NeuralTagger(tmp_path / "m").network.stack.nets) == 1


def test_missing_model_is_reported(tmp_path):
    with pytest.raises(FileNotFoundError):
        neural.NeuralTagger(tmp_path)


def _valid_bio(tags: list[str]) -> bool:
    return all(not t.startswith("I-") or p[2:] == t[2:] for p, t in zip(["O", *tags], tags))


def test_marginals_are_distributions_that_agree_with_the_best_path():
    tagger = load_tagger("bilstm")
    marginals = tagger.marginals(SENTENCES)
    assert [m.shape for m in marginals] == [(len(s), len(TAGS)) for s in SENTENCES]
    assert np.allclose(marginals[0].sum(1), 1.0, atol=1e-4)
    tags = tagger.tag(SENTENCES[:1])[0]
    assert best_path(marginals[0]) == tags
    assert tags[SENTENCES[0].index("نانسي"):SENTENCES[0].index("بيلوسي") + 1] == ["B-PERS", "I-PERS"]


def test_best_path_follows_bio_even_when_a_token_prefers_an_orphan_i():
    p = np.full((3, len(TAGS)), 0.01)
    p[0, TAGS.index("O")] = 0.9
    p[1, TAGS.index("I-ORG")] = 0.5
    p[1, TAGS.index("B-ORG")] = 0.4
    p[2, TAGS.index("I-ORG")] = 0.9
    assert best_path(p / p.sum(1, keepdims=True)) == ["O", "B-ORG", "I-ORG"]


def test_packaged_ensemble_tags_names_places_and_organizations():
    tagger = load_tagger("ensemble")
    assert isinstance(tagger, TokenTagger) and tagger.name == "akhbar-crf+bilstm"
    tokens = "وقال الرئيس الأمريكي باراك أوباما في واشنطن إن البنك الدولي سيقدم قرضا لمصر".split()
    tags = tagger.tag([tokens, [], SENTENCES[1]])
    got = dict(zip(tokens, tags[0]))
    assert (got["باراك"], got["أوباما"], got["واشنطن"]) == ("B-PERS", "I-PERS", "B-LOC")
    assert (got["البنك"], got["الدولي"], got["قرضا"]) == ("B-ORG", "I-ORG", "O")
    assert tags[1] == [] and all(_valid_bio(t) for t in tags)


def test_label_bias_shifts_the_tags_towards_a_label(monkeypatch):
    tokens = SENTENCES[1]
    plain = load_tagger("bilstm")
    monkeypatch.setattr(neural, "LABEL_BIAS", {"MISC": 100.0})
    biased = load_tagger("bilstm")
    assert "B-MISC" not in plain.tag([tokens])[0]
    assert biased.tag([tokens])[0] == ["B-MISC"] + ["I-MISC"] * (len(tokens) - 1)


@pytest.mark.parametrize("precision", neural.PRECISIONS)
def test_tags_do_not_depend_on_what_a_sentence_is_batched_with(precision):
    tagger = neural.NeuralTagger(BILSTM, precision=precision)
    sentences = _anercorp(500)
    assert sum(map(len, sentences)) > 2 * neural.BATCH_TOKENS  # several batches of several lengths
    alone = [tagger.tag([s])[0] for s in sentences]
    assert [tags for [tags] in tagger.tag_documents([[s] for s in sentences])] == alone
    reordered = sentences[::-1] + SENTENCES  # other batch mates, another order
    assert [tags for [tags] in tagger.tag_documents([[s] for s in reordered])][:len(sentences)] == alone[::-1]


def test_bfloat16_products_give_the_float32_tags():
    sentences = _anercorp(500)
    fast, exact = (neural.NeuralTagger(BILSTM, precision=p).tag(sentences) for p in ("bfloat16", "float32"))
    tokens = sum(map(len, sentences))
    differ = sum(a != b for s, t in zip(fast, exact) for a, b in zip(s, t))
    assert tokens > 10_000 and differ <= tokens / 2_000
    with pytest.raises(ValueError, match="unknown precision"):
        neural.NeuralTagger(BILSTM, precision="int4")


def test_documents_tagged_together_are_tagged_as_each_alone():
    tagger = load_tagger("bilstm")
    documents = [SENTENCES, SENTENCES[:2], [SENTENCES[1]]]
    assert tagger.tag_documents(documents) == [tagger.tag(d) for d in documents]


def _anercorp(n: int) -> list[list[str]]:
    return [tokens for tokens, _ in read_tagged(shared_path("data", "anercorp", "train.conll"))[:n]]


def test_loading_the_network_bounds_onednn_kernels_unless_the_user_chose(monkeypatch):
    monkeypatch.delenv("ONEDNN_PRIMITIVE_CACHE_CAPACITY", raising=False)
    assert load_tagger("bilstm").network  # loaded on first use
    assert neural.ONEDNN_KERNELS > 0  # 0 would compile every product anew
    assert os.environ["ONEDNN_PRIMITIVE_CACHE_CAPACITY"] == str(neural.ONEDNN_KERNELS)
    monkeypatch.setenv("ONEDNN_PRIMITIVE_CACHE_CAPACITY", "64")
    assert load_tagger("bilstm").network
    assert os.environ["ONEDNN_PRIMITIVE_CACHE_CAPACITY"] == "64"


def test_the_word_table_kept_int8_looks_up_the_rows_of_the_dequantized_table():
    torch = pytest.importorskip("torch")
    codes = torch.tensor([[0, 0, 0], [127, -3, 64], [-127, 5, 1]], dtype=torch.int8)
    table = neural.WordTable(codes, torch.tensor([0.0, 0.01, 0.5]))
    ids = torch.tensor([2, 1, 2])
    assert torch.equal(table.rows(ids), table.dense()[ids])
    assert table.rows(ids)[1].tolist() == pytest.approx([1.27, -0.03, 0.64])
    tagger = load_tagger("bilstm")
    assert tagger.network.stack.table.codes.dtype == torch.int8  # not a float copy of the whole table


def test_partial_labels_score_every_allowed_path_and_one_path_as_the_gold_tags():
    import torch

    from akhbar.ner.base import allowed

    torch.manual_seed(0)
    crf = neural._modules()[1](len(TAGS))  # the CRF layer
    crf.trans.data.normal_()
    em, lengths = torch.randn(2, 5, len(TAGS)), torch.tensor([5, 3])
    tags = torch.tensor([[1, 2, 0, 3, 0], [0, 5, 6, 0, 0]])  # B-PERS I-PERS O B-LOC O | O B-ORG I-ORG
    one_path = torch.nn.functional.one_hot(tags, len(TAGS)).bool()
    assert torch.allclose(crf.nll(em, tags, lengths, one_path), crf.nll(em, tags, lengths), atol=1e-3)
    everything = torch.ones_like(one_path)
    assert abs(crf.nll(em, tags, lengths, everything).item()) < 1e-3  # every path is gold: nothing to learn
    # a person's tags fixed, the rest open but to a person: fewer paths than everything, more than one
    partial = torch.from_numpy(np.stack([allowed(t) for t in ["B-PERS", "I-PERS", "!PERS", "!PERS", "O"]]))
    mask = torch.stack([partial, one_path[1]])
    assert 0 < crf.nll(em, tags, lengths, mask) < crf.nll(em, tags, lengths)
    assert [TAGS[k] for k in np.flatnonzero(allowed("!PERS"))] == ["O", "B-LOC", "I-LOC", "B-ORG", "I-ORG",
                                                                     "B-MISC", "I-MISC"]
    for wrong in ("B-PER", "!PER"):  # the guide's label, not ANERcorp's: allows no tag, or every tag
        with pytest.raises(ValueError, match="not a training label"):
            allowed(wrong)


def test_sentence_weights_scale_each_sentence_loss_in_both_forms():
    import torch

    torch.manual_seed(0)
    crf = neural._modules()[1](len(TAGS))
    crf.trans.data.normal_()
    em, lengths = torch.randn(2, 4, len(TAGS)), torch.tensor([4, 2])
    tags = torch.tensor([[1, 2, 0, 3], [0, 5, 0, 0]])  # B-PERS I-PERS O B-LOC | O B-ORG
    one_path = torch.nn.functional.one_hot(tags, len(TAGS)).bool()
    alone = [crf.nll(em[k:k + 1], tags[k:k + 1], lengths[k:k + 1]) for k in range(2)]
    weights = torch.tensor([1.0, 0.25])
    for mask in (None, one_path):
        assert torch.equal(crf.nll(em, tags, lengths, mask, torch.ones(2)), crf.nll(em, tags, lengths, mask))
        assert torch.allclose(crf.nll(em, tags, lengths, mask, weights), alone[0] + 0.25 * alone[1], atol=1e-4)
    assert neural._batch_weights([1.0, 1.0]) is None  # the unweighted sum: the packaged recipe to the bit
    assert neural._batch_weights([1.0, 0.5]).tolist() == [1.0, 0.5]


def test_training_with_weights_counts_them_and_refuses_a_wrong_number(small, tmp_path):
    data, emb = small
    params = neural.TrainParams(epochs=1, hidden=8, char_filters=8, ensemble=1)
    meta = neural.train(data[:30], tmp_path / "w", emb, params, weights=[1.0] * 20 + [0.2] * 10)
    assert meta["weighted_sentences"] == 10 and np.isfinite(meta["history"][0]["loss"])
    with pytest.raises(ValueError, match="29 weights for 30 sentences"):
        neural.train(data[:30], tmp_path / "x", emb, params, weights=[1.0] * 29)


def test_training_reads_partial_labels(small, tmp_path):
    data, emb = small
    partial = [(tokens, ["!PERS" if t not in ("O", "B-PERS", "I-PERS") else t for t in tags])
               for tokens, tags in data[:20]]
    assert any("!PERS" in tags for _, tags in partial)
    params = neural.TrainParams(epochs=1, hidden=8, char_filters=8, ensemble=1)
    meta = neural.train([*data[20:40], *partial], tmp_path / "p", emb, params)
    assert meta["sentences"] == 40 and np.isfinite(meta["history"][0]["loss"])
    tags = neural.NeuralTagger(tmp_path / "p").tag(SENTENCES)
    assert all(t in neural.TAGS for sentence in tags for t in sentence)
