"""Identity of what ingest reads: content-derived article ids, ids of quarantined items, and the
stable hash every other id of the lake is built with."""

from __future__ import annotations

import hashlib
import re

from akhbar.model import Quarantined
from akhbar.text.arabic import fold

_WORD = re.compile(r"[^\W_]+")
_SEP = "\x1f"  # unit separator: cannot occur in the key parts


def identity_form(text: str) -> str:
    """Folded words (no diacritics, hamza/alef/ta-marbuta folded, lower case) joined by
    single spaces; punctuation and whitespace differences vanish.

    Folding maps characters one by one, so the whole text is folded in one uncached call
    (``fold``'s cache is for words)."""
    return " ".join(_WORD.findall(fold.__wrapped__(text).lower()))


def article_id(text: str) -> str:
    """First 16 hex chars of the SHA-256 of :func:`identity_form`."""
    return hashlib.sha256(identity_form(text).encode("utf-8")).hexdigest()[:16]


def stable_id(*parts: object) -> str:
    """SHA-1 (first 16 hex chars) of the parts; ``None`` hashes as the empty string."""
    key = _SEP.join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def quarantine_id(item: Quarantined) -> str:
    """Id of a quarantined item: where it was read and why it was refused."""
    return stable_id(item.source_path, item.line_number, item.external_id, item.reason)
