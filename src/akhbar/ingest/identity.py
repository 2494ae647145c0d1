"""Content-derived article identity."""

from __future__ import annotations

import hashlib
import re

from akhbar.text.arabic import fold

_WORD = re.compile(r"[^\W_]+")


def identity_form(text: str) -> str:
    """Folded words (no diacritics, hamza/alef/ta-marbuta folded, lower case) joined by
    single spaces; punctuation and whitespace differences vanish."""
    return " ".join(w for chunk in text.split() for w in _WORD.findall(fold(chunk).lower()))


def article_id(text: str) -> str:
    """First 16 hex chars of the SHA-256 of :func:`identity_form`."""
    return hashlib.sha256(identity_form(text).encode("utf-8")).hexdigest()[:16]
