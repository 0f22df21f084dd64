"""A loaded input: its raw text, where it came from, and its cleaned analysis view."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from functools import cached_property

from ..errors import MbnlpInputError
from ..text import MappedText
from .cleaning import clean_text
from .decoding import decode_bytes, too_large


@dataclass
class Document:
    """One input document.

    ``text`` is the decoded text exactly as given: every output offset refers to it.
    ``clean`` is the analysis view (markup removed, widths normalised), computed once,
    whose ``to_source`` maps back to offsets in ``text``.
    """

    source: str
    doc_id: str
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)

    @cached_property
    def clean(self) -> MappedText:
        """The cleaned analysis view of ``text``."""
        return clean_text(self.text)


def load_document(
    path_or_bytes: str | os.PathLike | bytes,
    *,
    source: str | None = None,
    max_bytes: int | None = None,
) -> Document:
    """Read and decode a file (``source`` defaults to the path as given) or raw bytes
    (``source`` defaults to ``"<bytes>"``). Raises :class:`MbnlpInputError` when the
    input cannot be read or decoded."""
    if isinstance(path_or_bytes, (bytes, bytearray, memoryview)):
        data = bytes(path_or_bytes)
        source = "<bytes>" if source is None else source
    else:
        source = os.fspath(path_or_bytes) if source is None else source
        data = read_input(path_or_bytes, source, max_bytes)
    text, encoding, warnings = decode_bytes(data, source, max_bytes=max_bytes)
    return Document(
        source=source,
        doc_id=hashlib.sha256(data).hexdigest(),
        text=text,
        encoding=encoding,
        warnings=warnings,
    )


def read_input(path: str | os.PathLike, source: str, max_bytes: int | None = None) -> bytes:
    """The bytes of ``path``, refusing files over ``max_bytes`` before reading them."""
    try:
        if max_bytes is not None and (size := os.stat(path).st_size) > max_bytes:
            raise too_large(source, size, max_bytes)
        with open(path, "rb") as file:
            return file.read() if max_bytes is None else file.read(max_bytes + 1)
    except FileNotFoundError:
        raise MbnlpInputError(source, "no such file") from None
    except IsADirectoryError:
        raise MbnlpInputError(source, "is a directory, not a file") from None
    except PermissionError:
        raise MbnlpInputError(source, "permission denied") from None
    except OSError as error:
        raise MbnlpInputError(source, f"cannot be read ({error.strerror or error})") from None
