"""`akhbar tag`: BIO tags projected from mentions onto whitespace tokens, both label schemes."""

from __future__ import annotations

import io

from akhbar.cli import main
from akhbar.extract.entities import EntityRecognizer
from akhbar.tagging import read_conll, tag_tokens

SENTENCE = "وبحث الكاظمي خلال اجتماعه مع رئيسة مجلس النواب الأميركي نانسي بيلوسي في واشنطن".split()


def test_read_conll_keeps_first_column_and_every_blank_line():
    text = "\nفرانكفورت B-LOC\n(د O\n\nأعلن O\n\n \t\nروسيا B-ORG x\n\n"
    assert list(read_conll(io.StringIO(text))) == [
        [], ["فرانكفورت", "(د"], [], ["أعلن"], [], [], ["روسيا"], []]


def test_native_tags_follow_the_contract_labels():
    tags = dict(zip(SENTENCE, tag_tokens(SENTENCE, EntityRecognizer().recognize)))
    assert tags["نانسي"] == "B-PER" and tags["بيلوسي"] == "I-PER"
    assert tags["مجلس"] == "B-ORG" and tags["النواب"] == "I-ORG"
    assert tags["واشنطن"] == "B-GPE"
    assert tags["رئيسة"] == "O"  # titles stay outside PER


def test_anercorp_scheme_maps_labels():
    tags = dict(zip(SENTENCE, tag_tokens(SENTENCE, EntityRecognizer().recognize, scheme="anercorp")))
    assert tags["نانسي"] == "B-PERS"
    assert tags["واشنطن"] == "B-LOC"
    assert all(not t.endswith("NORP") for t in tags.values())


def test_tag_command_writes_every_token_and_keeps_blank_lines(tmp_path):
    lines_in = ["", *(f"{t} O" for t in SENTENCE), "", "  ", "وصل O", "بايدن O", "", ""]
    conll = tmp_path / "in.conll"
    conll.write_text("\n".join(lines_in) + "\n", encoding="utf-8")
    out = tmp_path / "out.tsv"
    assert main(["tag", "--conll", str(conll), "--out", str(out), "--scheme", "anercorp"]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(lines_in)
    assert [line.split("\t")[0] for line in lines] == [line.split(" ")[0] for line in lines_in]
    assert all(len(line.split("\t")) == 2 for line in lines if line)
