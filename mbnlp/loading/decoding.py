"""Turn the raw bytes of an input into text, strictly: nothing is silently replaced."""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from ..errors import MbnlpInputError

BOMS: list[tuple[bytes, str, str]] = [
    # (byte-order mark, codec that decodes what follows it, encoding name recorded)
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
]
BINARY_MAGIC: list[tuple[bytes, str]] = [
    (b"%PDF-", "is a PDF; extract its text first (e.g. pdftotext)"),
    (b"PK\x03\x04", "is a ZIP archive (DOCX/XLSX/ODT…); extract its text first"),
    (b"PK\x05\x06", "is a ZIP archive (DOCX/XLSX/ODT…); extract its text first"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "is an OLE2 file (DOC/XLS); extract its text first"),
    (b"\x89PNG\r\n\x1a\n", "is a PNG image; run OCR on it first"),
    (b"\xff\xd8\xff", "is a JPEG image; run OCR on it first"),
    (b"GIF87a", "is a GIF image; run OCR on it first"),
    (b"GIF89a", "is a GIF image; run OCR on it first"),
    (b"\x1f\x8b", "is gzip-compressed; decompress it first"),
]
LEGACY_ENCODINGS = ("gbk", "gb18030")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
MAX_CONTROL_SHARE = 0.05


def decode_bytes(data: bytes, source: str, *, max_bytes: int | None = None) -> tuple[str, str, list[str]]:
    """Decode ``data`` and return ``(text, encoding name, warnings)``.

    Tries byte-order marks, then strict UTF-8, GBK and GB18030, then (as a last
    resort) charset-normalizer's guess if that decodes without control characters.
    Input that is valid UTF-8 with non-ASCII text up to a bad byte is corrupt UTF-8
    and is not retried as GBK (that would only turn it into mojibake).
    A file cut inside its last multi-byte character loses that partial character and
    gets a warning. Raises :class:`MbnlpInputError` for empty, oversized, binary or
    undecodable input (with the byte offset of the first undecodable byte).
    """
    if max_bytes is not None and len(data) > max_bytes:
        raise too_large(source, len(data), max_bytes)
    if not data:
        raise MbnlpInputError(source, "empty file")
    for magic, reason in BINARY_MAGIC:
        if data.startswith(magic):
            raise MbnlpInputError(source, reason)
    marked = [(bom, codec, name) for bom, codec, name in BOMS if data.startswith(bom)]
    for position, (bom, codec, name) in enumerate(marked):
        try:
            text, warnings = _decode_strict(data[len(bom) :], codec, source, offset=len(bom))
        except UnicodeDecodeError as error:
            if position + 1 < len(marked):
                continue  # FF FE 00 00 is also the UTF-16-LE mark before a U+0000
            raise _undecodable(source, data, len(bom) + error.start, f"invalid {name}") from None
        return _checked(text, source), name, warnings
    nul = data.find(b"\x00")
    if nul >= 0:
        raise MbnlpInputError(
            source, f"contains a NUL byte at offset {nul}: binary data, or UTF-16/32 without a byte-order mark"
        )
    try:
        text, warnings = _decode_strict(data, "utf-8", source)
        return _checked(text, source), "utf-8", warnings
    except UnicodeDecodeError as error:
        if not data[: error.start].isascii():
            raise _undecodable(source, data, error.start, "invalid UTF-8") from None
        errors = [error]
    for encoding in LEGACY_ENCODINGS:
        try:
            text, warnings = _decode_strict(data, encoding, source)
        except UnicodeDecodeError as error:
            errors.append(error)
            continue
        return _checked(text, source), encoding, warnings
    guessed = _guess(data)
    if guessed is not None:
        return guessed[0], guessed[1], []
    furthest = max(error.start for error in errors)
    raise _undecodable(source, data, furthest, "not UTF-8, GBK or GB18030")


def too_large(source: str, size: int, max_bytes: int) -> MbnlpInputError:
    """The error of an input over the ``max_bytes`` limit."""
    return MbnlpInputError(source, f"is {size} bytes, larger than {max_bytes} bytes (the --max-bytes limit)")


def _decode_strict(data: bytes, codec: str, source: str, offset: int = 0) -> tuple[str, list[str]]:
    """Decode strictly; an incomplete character at the very end is dropped with a warning."""
    decoder = codecs.getincrementaldecoder(codec)("strict")
    text = decoder.decode(data, final=False)
    pending = decoder.getstate()[0]
    if not pending:
        return text, []
    position = offset + len(data) - len(pending)
    return text, [
        f"{source}: ends inside a multi-byte {codec} character; "
        f"the last {len(pending)} byte(s) at offset {position} were not decoded"
    ]


def _undecodable(source: str, data: bytes, offset: int, reason: str) -> MbnlpInputError:
    return MbnlpInputError(source, f"{reason}: undecodable byte 0x{data[offset]:02x} at offset {offset}")


def _checked(text: str, source: str) -> str:
    """``text``, unless it is empty or has a high share of control characters (binary data)."""
    if not text:
        raise MbnlpInputError(source, "empty file (no text after the byte-order mark or before a cut character)")
    controls = _count_controls(text)
    if controls and controls > MAX_CONTROL_SHARE * len(text):
        raise MbnlpInputError(source, f"looks like binary data ({controls} control characters in {len(text)})")
    return text


def _guess(data: bytes) -> tuple[str, str] | None:
    """charset-normalizer's guess, if it decodes strictly without control characters."""
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        return None
    try:
        text = data.decode(best.encoding, errors="strict")
    except (UnicodeDecodeError, LookupError):
        return None
    if _count_controls(text):
        return None
    return text, best.encoding


def _count_controls(text: str) -> int:
    """How many C0/C1 control characters other than tab, newline, CR and form feed."""
    return sum(1 for _ in CONTROL.finditer(text))
