"""Property tests: random text never raises in the loader, the tokenizer or the table stages, and
every offset they give lies inside the decoded text."""

from __future__ import annotations

from functools import cache
from typing import Any

import spacy
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from mbnlp import extract, load_document
from mbnlp.errors import MbnlpInputError
from mbnlp.ner.rules import build_rules_pipeline

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CHINESE = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)
MIXED_TEXT = st.text(st.one_of(CHINESE, st.sampled_from("0123456789.,%-—（）()：:元万 \t\n|<>/&;")), max_size=300)
LABELS = [
    "行政运行",
    "合计",
    "项目",
    "金额",
    "科目编码",
    "科目名称",
    "本年支出",
    "基本支出",
    "产出指标",
    "≥95%",
    "—",
    "",
]
NUMBERS = st.builds(lambda whole, cents: f"{whole:,}.{cents:02d}", st.integers(0, 10**9), st.integers(0, 99))
CELLS = st.one_of(
    st.sampled_from(LABELS), NUMBERS, st.from_regex(r"2[0-9]{2,6}", fullmatch=True), MIXED_TEXT.map(str.strip)
)


@cache
def rules_pipeline() -> Language:
    return build_rules_pipeline()


@cache
def tokenizer() -> Language:
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "mbnlp.JiebaTokenizer.v1"}}})


@st.composite
def table_like_text(draw: st.DrawFn) -> str:
    """A title, a unit line and rows of cells, written as one of the layouts documents use."""
    width = draw(st.integers(1, 8))
    rows = draw(st.lists(st.lists(CELLS, min_size=width, max_size=width), min_size=1, max_size=12))
    layout = draw(st.sampled_from(["tab", "spaced", "pipe", "cell_lines", "html"]))
    if layout == "tab":
        body = "\n".join("\t".join(row) for row in rows)
    elif layout == "spaced":
        body = "\n".join("   ".join(row) for row in rows)
    elif layout == "pipe":
        body = "\n".join("| " + " | ".join(row) + " |" for row in rows)
    elif layout == "cell_lines":
        body = "\n".join(cell for row in rows for cell in row)
    else:
        body = (
            "<table>"
            + "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
            + "</table>"
        )
    title = draw(st.sampled_from(["收入支出决算总表", "项目支出绩效自评表", "一般公共预算财政拨款支出决算表", ""]))
    unit = draw(st.sampled_from(["金额单位：万元", "单位：元", ""]))
    return f"{title}\n{unit}\n{body}\n{draw(MIXED_TEXT)}"


def offsets(value: Any) -> list[int]:
    """Every ``start``/``end``/``evidence`` offset in a dumped record tree."""
    found: list[int] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("start", "end") and isinstance(item, int):
                found.append(item)
            elif key == "evidence":
                found += [offset for pair in item for offset in pair]
            else:
                found += offsets(item)
    elif isinstance(value, list):
        for item in value:
            found += offsets(item)
    return found


@SETTINGS
@given(st.binary(max_size=400))
def test_loader_never_raises_anything_but_an_input_error(data: bytes) -> None:
    try:
        document = load_document(data, source="random")
    except MbnlpInputError as error:
        assert str(error).startswith("random: ")
        return
    assert 0 < len(document.text) <= len(data)
    clean = document.clean
    for start in range(0, len(clean.text) + 1, 7):
        source_start, source_end = clean.to_source(start, min(start + 5, len(clean.text)))
        assert 0 <= source_start <= source_end <= len(document.text)


@SETTINGS
@given(ANY_TEXT, st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
@example("\x00𐀀", "utf-16")  # FF FE 00 00: read as UTF-32's mark before falling back to UTF-16's
def test_loader_returns_the_text_it_was_given(text: str, encoding: str) -> None:
    """UTF-8 as given, after a byte-order mark, or UTF-16 with one (``utf-16`` writes it)."""
    try:
        document = load_document(text.encode(encoding), source="random")
    except MbnlpInputError as error:
        assert any(reason in str(error) for reason in ("empty file", "NUL byte", "binary data")), error
        return
    assert document.text == (text.removeprefix("\ufeff") if encoding == "utf-8" else text)


@SETTINGS
@given(st.one_of(ANY_TEXT, MIXED_TEXT))
def test_tokens_reassemble_the_text(text: str) -> None:
    doc = tokenizer()(text)
    assert doc.text == text
    for token in doc:
        assert 0 <= token.idx <= token.idx + len(token.text) <= len(text)
        assert text[token.idx : token.idx + len(token.text)] == token.text


@SETTINGS
@given(st.one_of(table_like_text(), MIXED_TEXT.filter(bool)))
def test_extraction_of_table_like_text_succeeds_with_offsets_in_range(text: str) -> None:
    document = load_document(text.encode(), source="random")
    result = extract(document, nlp=rules_pipeline())
    assert result.status == "ok", result.errors
    for offset in offsets(result.model_dump()):
        assert 0 <= offset <= len(document.text)
    for entity in result.entities:
        assert document.text[entity.start : entity.end] == entity.text
