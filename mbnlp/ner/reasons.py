"""REASON by rule (SPEC §3): the clause that explains a change, variance or deviation.

A trigger is 原因 qualified (主要原因, 变动原因, 差异原因, 偏差原因 …), followed by
是/为, or followed by a colon (原因：, 减少原因：); 原因分析 is a heading, not a trigger.
The REASON runs from the first character after the trigger to the end of its
sentence: ``。``, ``；``, ``！``, ``？``, a tab (the end of a cell), or a line break that
starts a new paragraph. A line break followed by more text of the same paragraph
(a PDF wrap) does not end it; a blank line, an indented or tab-prefixed line, a list
marker or a heading does. Leading spaces and final punctuation are left out.
"""

from __future__ import annotations

import regex

TRIGGER = regex.compile(
    r"(?P<qualifier>主要|变动|差异|偏差|变化|增减)?原因(?!\s*分析)(?P<copula>是|为|在于)?(?P<colon>[ \u3000]*[：:])?"
)
SENTENCE_END = regex.compile(r"[。；;！？!?\t]|\n")
NEW_PARAGRAPH = regex.compile(
    r"[ \u3000]*\n"  # the line break itself (with trailing spaces)
    r"(?:\s|[#|<>*]|\d+[.．、]|[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|[①-⑳])"
)
MAX_LENGTH = 500
_STRIP = " \u3000\n，,、：:"


def find_reasons(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` of every REASON clause in ``text``, in order."""
    reasons = []
    for trigger in TRIGGER.finditer(text):
        if not (trigger["qualifier"] or trigger["copula"] or trigger["colon"]):
            continue
        start = trigger.end()
        end = _sentence_end(text, start)
        while start < end and text[start] in _STRIP:
            start += 1
        while end > start and text[end - 1] in _STRIP:
            end -= 1
        if start < end:
            reasons.append((start, end))
    return reasons


def _sentence_end(text: str, start: int) -> int:
    """Where the sentence that starts at ``start`` ends (a wrapped line does not end it)."""
    limit = min(len(text), start + MAX_LENGTH)
    position = start
    while True:
        stop = SENTENCE_END.search(text, position, limit)
        if stop is None:
            return limit
        if stop.group() != "\n" or NEW_PARAGRAPH.match(text, stop.start()):
            return stop.start()
        position = stop.end()
