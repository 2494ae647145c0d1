"""Whitespace/punctuation tokenization that keeps character offsets."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

# A word (letters, marks, digits, tatweel; an inner dot or comma between digits
# stays: 3.5, 2,500) or one punctuation character.
_TOKEN = re.compile(r"[\w\u0640\u064b-\u065f\u0670]+(?:[.,٫٬][0-9٠-٩]+)*|[^\w\s]", re.UNICODE)


class Token(NamedTuple):
    start: int
    end: int
    text: str


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of ``text[start:end]`` with offsets into ``text``."""
    return [Token(m.start(), m.end(), m.group()) for m in token_matches(text, start, end)]


def token_matches(text: str, start: int = 0, end: int | None = None) -> Iterator[re.Match[str]]:
    """The regex matches :func:`tokenize` makes its tokens of."""
    return _TOKEN.finditer(text, start, len(text) if end is None else end)
