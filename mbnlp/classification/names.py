"""The comparison form of a subject name, tolerant to how documents print names."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex

from .codes import CACHE_SIZE

_SPACES = regex.compile(r"[\s\u3000]+")
_LEVEL_MARKER = regex.compile(r"\((?:类|款|项)\)$")
_QUOTES = {"“": "”", '"': '"', "‘": "’", "'": "'", "「": "」", "『": "』"}


@lru_cache(maxsize=CACHE_SIZE)
def comparable_name(name: str) -> str:
    """``name`` with widths unified (NFKC), spaces removed, and a trailing level marker
    (``（款）``) and quotes wrapping the whole name dropped.

    ``"因公出国（境）费用"`` and ``"因公出国(境) 费用"`` compare equal; quotes inside a
    name (``“三西”农业建设专项补助``) are kept.
    """
    text = _SPACES.sub("", unicodedata.normalize("NFKC", name))
    text = _LEVEL_MARKER.sub("", text)
    closing = _QUOTES.get(text[:1])
    if closing and len(text) > 2 and text.endswith(closing) and closing not in text[1:-1]:
        text = text[1:-1]
    return text
