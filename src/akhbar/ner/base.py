"""The one interface every token-level NER backend implements.

A tagger reads sentences of whitespace tokens (clitics attached, as in ANERcorp) and gives
one BIO tag per token with ANERcorp's coarse labels: ``PERS``, ``LOC``, ``ORG``, ``MISC``
(``B-PERS``, ``I-LOC``, ``O`` …). Fine labels (GPE/LOC/FAC, NORP, …) are added on top by
:mod:`akhbar.extract.entities`. ``name``/``version`` say which model produced a tag.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

LABELS = ("PERS", "LOC", "ORG", "MISC")
TAGS = ("O", *(f"{prefix}-{label}" for label in LABELS for prefix in "BI"))


@runtime_checkable
class TokenTagger(Protocol):
    name: str
    version: str

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """BIO tags (ANERcorp labels), one list per sentence, one tag per token."""
        ...
