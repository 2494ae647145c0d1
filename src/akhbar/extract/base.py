"""The one interface every extraction backend implements.

A backend turns an :class:`~akhbar.model.Article` into an
:class:`~akhbar.model.Extraction`. It names itself (``name``/``version``);
that pair is written next to every row it produces, so each output is traceable
to the code that made it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from akhbar.model import Article, Extraction


@runtime_checkable
class Extractor(Protocol):
    name: str
    version: str

    def extract(self, article: Article) -> Extraction:
        """Entity mentions and events of one article (offsets into ``article.text``/``title``)."""
        ...

    def extract_all(self, articles: Sequence[Article]) -> list[Extraction]:
        """:meth:`extract` of each article (a backend may batch work across them)."""
        ...


def extractor_tag(extractor: Extractor) -> str:
    """``name/version`` as stored in the ``extractor`` columns."""
    return f"{extractor.name}/{extractor.version}"
