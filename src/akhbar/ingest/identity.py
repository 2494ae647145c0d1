"""Content-derived article identity."""

from __future__ import annotations

import hashlib
import re

from akhbar.text.arabic import fold

_WORD = re.compile(r"[^\W_]+")


def identity_form(text: str) -> str:
    """Folded words (no diacritics, hamza/alef/ta-marbuta folded, lower case) joined by
    single spaces; punctuation and whitespace differences vanish.

    Folding maps characters one by one, so the whole text is folded in one uncached call
    (``fold``'s cache is for words)."""
    return " ".join(_WORD.findall(fold.__wrapped__(text).lower()))


def article_id(text: str) -> str:
    """First 16 hex chars of the SHA-256 of :func:`identity_form`."""
    return hashlib.sha256(identity_form(text).encode("utf-8")).hexdigest()[:16]
