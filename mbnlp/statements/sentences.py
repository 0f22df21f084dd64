"""Sentences of a narrative block, as raw ``document.text`` spans.

A sentence ends after ``。``, ``；``, ``;``, ``！``, ``？``; a line break inside a paragraph
block is a wrap and does not end it (blocks already separate paragraphs).
"""

from __future__ import annotations

import regex

SENTENCE = regex.compile(r"[^。；;！？!?]+[。；;！？!?]*")
NOISE = regex.compile(r"\s+|<[^>]*>|\*\*")
"""What is left out of a lead: whitespace (wraps), HTML tags and Markdown emphasis."""


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The ``(start, end)`` of every sentence of ``text[start:end]``, final punctuation included.

    >>> sentence_spans("年初预算0万元，支出决算0.55万元。原因：无。", 0, 23)
    [(0, 19), (19, 23)]
    """
    spans = []
    for found in SENTENCE.finditer(text, start, end):
        if found.group().strip():
            spans.append(found.span())
    return spans


def plain(text: str) -> str:
    """``text`` without wraps and markup, for matching cue words.

    >>> plain("支出决算\\n  0.55")
    '支出决算0.55'
    """
    return NOISE.sub("", text)
