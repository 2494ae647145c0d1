"""Bytes → text: UTF-8 (with or without BOM), UTF-16/32 with BOM, or legacy Windows-1256."""

from __future__ import annotations

import codecs

from akhbar.text.arabic import arabic_ratio

# Longest BOM first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROL_BYTES = bytes(b for b in range(0x100) if (b < 0x20 and b not in b"\t\n\f\r") or b == 0x7F)
_BINARY_SAMPLE = 8192
_MAX_CONTROL_SHARE = 0.05
_MIN_LEGACY_ARABIC_RATIO = 0.5


class DecodeError(ValueError):
    """Bytes that are not text: ``reason`` is ``'binary'`` or ``'undecodable'``."""

    def __init__(self, reason: str, detail: str | None = None) -> None:
        super().__init__(detail or reason)
        self.reason = reason
        self.detail = detail or reason


def looks_binary(data: bytes) -> bool:
    """NUL bytes, or many control characters in the first few KB."""
    if b"\x00" in data:
        return True
    sample = data[:_BINARY_SAMPLE]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return bool(sample) and controls / len(sample) > _MAX_CONTROL_SHARE


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)``; the BOM is not part of ``text``.

    Raises :class:`DecodeError` for binary content or bytes no supported encoding explains.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise DecodeError("undecodable", f"invalid {encoding} after BOM: {exc.reason}") from exc
            if looks_binary(text[:_BINARY_SAMPLE].encode("utf-8")):
                raise DecodeError("binary", "control characters in text")
            return text, "utf-8-sig" if encoding == "utf-8" else encoding
    if looks_binary(data):
        raise DecodeError("binary", "NUL bytes or many control characters")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = f"invalid utf-8 at byte {exc.start}"
    text = data.decode("cp1256")  # every byte is defined in Windows-1256
    if arabic_ratio(text) >= _MIN_LEGACY_ARABIC_RATIO:
        return text, "cp1256"
    raise DecodeError("undecodable", f"{utf8_error}; not Windows-1256 Arabic either")
