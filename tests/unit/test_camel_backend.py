"""The camel-tools NER backend on a tiny random model built offline (no download, no network)."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

import pytest

from akhbar.ner.base import LABELS, TokenTagger
from akhbar.ner.camel import CamelTagger, available, default_model_dir
from tests.fixtures.camel_ner import CAMEL_LABELS, build_camel_ner

NEWS = ["قال", "رئيس", "الوزراء", "العراقي", "مصطفى", "الكاظمي", "في", "بغداد"]
TAGS = {"O"} | {f"{p}-{label}" for p in "BI" for label in LABELS}
RLM = "\u200f"  # no word pieces at all
HUGE = "ا." * 300  # 600 word pieces, more than one model window


def in_camel_env(monkeypatch: pytest.MonkeyPatch, root: Path) -> None:
    """camel-tools reads ``root``; its import-time mkdir of ~/.camel_tools lands in ``root``."""
    monkeypatch.setenv("CAMELTOOLS_DATA", str(root))
    monkeypatch.setenv("HOME", str(root / "home"))


def strict_bio(tags: list[str]) -> bool:
    return all(not tag.startswith("I-") or (i > 0 and tags[i - 1][2:] == tag[2:])
               for i, tag in enumerate(tags))


@pytest.fixture(scope="module")
def camel_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("camel")
    build_camel_ner(root)
    return root


@pytest.fixture(scope="module")
def tagger(camel_root: Path) -> Iterator[CamelTagger]:
    with pytest.MonkeyPatch.context() as mp:
        in_camel_env(mp, camel_root)
        yield CamelTagger()


def test_available_needs_the_model_files(tmp_path: Path) -> None:
    assert not available(tmp_path)
    with pytest.raises(RuntimeError, match="camel_data -i ner-arabert"):
        CamelTagger(tmp_path)


def test_available_finds_the_model_through_cameltools_data(
        camel_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    in_camel_env(monkeypatch, camel_root)
    assert default_model_dir() == camel_root / "data" / "ner" / "arabert"
    assert available()
    in_camel_env(monkeypatch, tmp_path)
    assert not available()


def test_unavailable_while_importing_camel_would_download_its_catalogue(
        camel_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    in_camel_env(monkeypatch, tmp_path)  # the model is there, the catalogue is not
    monkeypatch.delitem(sys.modules, "camel_tools.data", raising=False)
    model_dir = camel_root / "data" / "ner" / "arabert"
    assert not available(model_dir)
    with pytest.raises(RuntimeError, match="catalogue.json is missing"):
        CamelTagger(model_dir)


def test_name_and_version(tagger: CamelTagger) -> None:
    assert isinstance(tagger, TokenTagger)
    assert tagger.name == "camel-ner-arabert"
    assert re.fullmatch(re.escape(version("camel-tools")) + r"\+[0-9a-f]{10}", tagger.version)


def test_one_valid_tag_per_token(tagger: CamelTagger) -> None:
    long = NEWS * 80  # 640 tokens: over BERT's 512 word pieces
    odd = [RLM, "قال", HUGE, "بغداد", "،"]
    sentences = [NEWS, [], long, odd, ("في", "بغداد")]
    tagged = tagger.tag(sentences)
    assert [len(t) for t in tagged] == [len(s) for s in sentences]
    assert all(tag in TAGS for tags in tagged for tag in tags)
    assert all(strict_bio(tags) for tags in tagged)
    assert tagged[3][0] == tagged[3][2] == "O"
    assert tagged[0] == tagger.tag([NEWS])[0]
    assert tagger.tag([]) == []


@pytest.mark.parametrize(("labels", "always", "expected"), [
    (CAMEL_LABELS, "I-PERS", [["B-PERS", "I-PERS", "I-PERS"], ["B-PERS", "O", "B-PERS"]]),
    (CAMEL_LABELS, "B-LOC", [["B-LOC", "B-LOC", "B-LOC"], ["B-LOC", "O", "B-LOC"]]),
    ((*CAMEL_LABELS, "B-DATE"), "B-DATE", [["O", "O", "O"], ["O", "O", "O"]]),
])
def test_labels_become_anercorp_bio(labels: tuple[str, ...], always: str, expected: list[list[str]],
                                    tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    model_dir = build_camel_ner(tmp_path, labels, always)
    in_camel_env(monkeypatch, tmp_path)
    forced = CamelTagger(model_dir)
    assert forced.tag([NEWS[:3], ["مصطفى", RLM, "الكاظمي"]]) == expected
    long = forced.tag([NEWS * 80])[0]
    assert long == [expected[0][0]] + [expected[0][1]] * (len(NEWS) * 80 - 1)
