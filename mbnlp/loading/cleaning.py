"""The analysis view of a decoded text: markup removed, widths normalised, offsets kept.

One scan with one regular expression finds every piece of markup; each piece is
replaced by what it stands for, and the replacements become a :class:`MappedText`
whose offsets map back to the raw text.
"""

from __future__ import annotations

import html
from collections.abc import Iterator

import regex

from ..text import MappedText, Replacement, apply_replacements

WIDTH = str.maketrans(
    {
        "\u3000": " ",  # ideographic space
        "\xa0": " ",  # no-break space (&nbsp;)
        "\r": "\n",  # old Mac line end
        "\f": "\n",  # page break from pdftotext
        "％": "%",
        "－": "-",
        "．": ".",  # only ever matched inside a number
        "，": ",",  # only ever matched inside a number
        **{chr(0xFF10 + digit): str(digit) for digit in range(10)},
    }
)
LATEX_SYMBOLS = {
    "geqslant": "≥",
    "leqslant": "≤",
    "geq": "≥",
    "leq": "≤",
    "ge": "≥",
    "le": "≤",
    "gt": ">",
    "lt": "<",
    "neq": "≠",
    "ne": "≠",
    "approx": "≈",
    "times": "×",
    "div": "÷",
    "pm": "±",
    "cdot": "·",
}
LINE_BREAK_TAGS = frozenset({"p", "div", "li", "caption", "h1", "h2", "h3", "h4", "h5", "h6"})
_LATEX = (
    r"(?P<command>\\(?:" + "|".join(sorted(LATEX_SYMBOLS, key=len, reverse=True)) + r")(?![A-Za-z])\x20*)"
    r"|(?P<escape>\\[!-/:-@\[-`{-~])"
)
MARKUP = regex.compile(
    r"(?P<crlf>\r(?=\n))"
    r"|(?P<comment><!--.{0,10000}?-->)"
    r"|(?P<row>(?:<(?:table|thead|tbody|tfoot|tr|td|th)\b[^<>]*>|</(?P<row_end>tr)\s*>|</(?:thead|tbody|tfoot)\s*>)\s*)"
    r"|(?P<cell_end></t[dh]\s*>\s*)"
    r"|(?P<tag><(?P<closing>/?)(?P<name>[A-Za-z][A-Za-z0-9]*)(?:\s[^<>]*)?/?>)"
    r"|(?P<entity>&(?:\#[0-9]{1,7}|\#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});)"
    r"|(?P<math>\$[^$\n]{0,100}?\\[^$\n]{0,100}?\$)"
    r"|" + _LATEX + r"|(?P<width>[\u3000\xa0\r\f％－０-９]"
    r"|(?<=[0-9０-９])(?:．(?=[0-9０-９])|，(?=[0-9０-９]{3}(?![0-9０-９]))))",
    regex.IGNORECASE | regex.DOTALL,
)
LATEX = regex.compile(_LATEX)
CHECKBOX = regex.compile(r"\btype\s*=\s*[\"']?checkbox\b", regex.IGNORECASE)
CHECKED = regex.compile(r"\schecked\b", regex.IGNORECASE)
ROW_END_AHEAD = regex.compile(r"</tr\s*>", regex.IGNORECASE)


def clean_text(text: str) -> MappedText:
    """The analysis view of ``text``, mapped back to it.

    * HTML tags are removed; ``<br>``, ``</p>``, ``</tr>`` become line breaks and
      ``</td>``/``</th>`` tabs, so an HTML table reads as tab-separated rows (a
      ``<br>`` or ``</p>`` inside a table cell becomes a space, keeping the row whole);
      checkboxes become ☑ (checked) and ☐;
    * entities are decoded (``&nbsp;`` is a space);
    * LaTeX as OCR tools write it (``$\\geq X$``) becomes ``≥X``; Markdown backslash
      escapes (``\\*``) are undone;
    * CRLF and CR become LF, a form feed a line break; ideographic and no-break spaces
      become spaces; full-width digits, ``％``, ``－`` and ``．``/``，`` inside numbers
      become ASCII (equal length: no edit).

    Tabs and line breaks are otherwise kept as they are.
    """
    return apply_replacements(MappedText.identity(text), _replacements(text))


def _replacements(text: str) -> Iterator[Replacement]:
    """Every replacement of the analysis view, in text order."""
    in_tabbed_line = _TabbedLines(text)
    table_depth = 0
    for match in MARKUP.finditer(text):
        kind = match.lastgroup
        start, end = match.span()
        if kind == "math":
            yield from _math(match)
        elif kind == "row":
            table_depth += match.group()[:6].lower() == "<table"
            yield start, end, "\n" if match.group("row_end") else ""
        elif kind == "cell_end":
            yield start, end, "" if ROW_END_AHEAD.match(text, end) else "\t"
        elif kind == "tag":
            if match.group("closing") and match.group("name").lower() == "table":
                table_depth = max(0, table_depth - 1)
            yield start, end, _tag(match, in_cell=table_depth > 0 or in_tabbed_line(start))
        elif kind == "entity":
            yield start, end, html.unescape(match.group()).translate(WIDTH)
        elif kind in ("command", "escape"):
            yield start, end, _latex(match)
        elif kind == "width":
            yield start, end, match.group().translate(WIDTH)
        else:  # crlf, comment
            yield start, end, ""


def _tag(match: regex.Match, *, in_cell: bool) -> str:
    """What an HTML tag (other than table structure) stands for in the analysis view.

    A line break inside a table cell (in an HTML table, or on a tab-separated line)
    becomes a space, so that it does not split the row.
    """
    name = match.group("name").lower()
    if name == "br" or (match.group("closing") and name in LINE_BREAK_TAGS):
        return " " if in_cell else "\n"
    if name == "input" and CHECKBOX.search(match.group()):
        return "☑" if CHECKED.search(match.group()) else "☐"
    return ""


class _TabbedLines:
    """Whether the line around an offset holds a tab; lines are looked at once each, in order."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._end = -1
        self._tabbed = False

    def __call__(self, position: int) -> bool:
        if position > self._end:
            start = self._text.rfind("\n", 0, position) + 1
            end = self._text.find("\n", position)
            self._end = len(self._text) if end < 0 else end
            self._tabbed = "\t" in self._text[start : self._end]
        return self._tabbed


def _math(match: regex.Match) -> Iterator[Replacement]:
    """``$…$``: the delimiters (and blanks inside them) dropped, the LaTeX inside converted."""
    start, end = match.span()
    body = match.group()[1:-1]
    body_start = start + 1 + len(body) - len(body.lstrip())
    body_end = end - 1 - (len(body) - len(body.rstrip()))
    yield start, body_start, ""
    for inner in LATEX.finditer(match.string, body_start, body_end):
        yield inner.start(), inner.end(), _latex(inner)
    yield body_end, end, ""


def _latex(match: regex.Match) -> str:
    """The character a LaTeX command or a backslash escape stands for."""
    if match.lastgroup == "escape":
        return match.group()[1]
    return LATEX_SYMBOLS[match.group().strip().lstrip("\\").lower()]
