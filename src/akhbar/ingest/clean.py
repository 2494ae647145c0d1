"""Raw article text → the stored body every offset refers to."""

from __future__ import annotations

import html
import re
import unicodedata

_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
_DROPPED = re.compile(r"<(head|script|style|noscript|template)\b[^>]*>.*?</\1\s*>", re.S | re.I)
_BLOCK_TAG = re.compile(
    r"</?(?:br|p|div|li|ul|ol|tr|table|h[1-6]|blockquote|section|article|header|footer)\b[^<>]*>",
    re.I)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>")
_TRAILING_SPACE = re.compile(r"[^\S\n]+$", re.M)
_BLANK_LINES = re.compile(r"\n(?:[^\S\n]*\n){2,}")


def strip_html(text: str) -> str:
    """Drop head/script/style content and tags; block tags become line breaks. Text without
    tags (a lone ``<`` in prose) is returned unchanged."""
    if "<!--" not in text and not _TAG.search(text):
        return text
    text = _COMMENT.sub("", text)
    text = _DROPPED.sub("", text)
    text = _BLOCK_TAG.sub("\n", text)
    return _TAG.sub("", text)


def clean_text(text: str) -> str:
    """HTML stripped, entities unescaped, NFC, ``\\n`` line ends, no trailing spaces,
    at most one blank line in a row, ends stripped. Letters, diacritics and punctuation
    stay as written."""
    text = html.unescape(strip_html(text))
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _TRAILING_SPACE.sub("", text)
    text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()
