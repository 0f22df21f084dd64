"""Generated documents (:mod:`mbnlp.samples`) and the NER's shortcut for number cells.

The generator's tables must add up and read back to the rows they were generated from, in
every layout. The shortcut (a cell that is one number token tagged by the rule functions alone)
must give what the whole pipeline gives: checked on every such cell of the seeds and examples.
"""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import pytest
import spacy

from mbnlp.loading import load_document
from mbnlp.ner.extract import (
    DEFAULT_MODEL,
    PieceEntity,
    doc_entities,
    document_pieces,
    extract_entities,
    lone_amount,
    rules_decide_amounts,
)
from mbnlp.ner.rules import build_rules_pipeline
from mbnlp.samples import generate_corpus, generate_document
from mbnlp.structure import detect_meta, split_blocks
from mbnlp.tables import reconstruct, table_records
from mbnlp.tables.layouts import read_grid
from mbnlp.tables.render import EMPTY_MARK, LAYOUTS

EXAMPLES = Path(__file__).parents[1] / "examples"
GENERATED = [generate_document(random.Random(11), index) for index in range(len(LAYOUTS))]


def amount(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def test_generated_tables_add_up() -> None:
    for generated in GENERATED:
        accounts, three_public = generated.tables
        assert accounts[0] == ["科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出"]
        assert accounts[1][:2] == ["", "合计"]
        for row in accounts[2:]:
            assert amount(row[2]) == amount(row[3]) + amount(row[4])
        for column in (2, 3, 4):
            assert amount(accounts[1][column]) == sum(amount(row[column]) for row in accounts[2:])
        assert three_public[1][0] == "合计"
        for column in (1, 2):
            assert amount(three_public[1][column]) == sum(amount(row[column]) for row in three_public[2:])


def test_generated_tables_read_back_in_every_layout() -> None:
    assert {layout for generated in GENERATED for layout in generated.layouts} == set(LAYOUTS)
    for generated in GENERATED:
        document = load_document(generated.text.encode("utf-8"), source="generated.txt")
        blocks = split_blocks(document)
        grids = [read_grid(document, block) for block in blocks if block.kind == "table"]
        read = [[["" if cell == EMPTY_MARK else cell for cell in row.texts] for row in grid.rows] for grid in grids]
        assert read == list(generated.tables), generated.layouts
        records = table_records(reconstruct(document, blocks, detect_meta(document, blocks)))
        first = generated.tables[0][2]
        values = {(record.code, record.column): record.value for record in records.accounts}
        assert values[(first[0], "基本支出")] == f"{amount(first[3]):.2f}", generated.layouts
        assert [table.kind for table in records.tables] == ["account_detail", "three_public"], generated.layouts


def test_a_corpus_is_as_large_as_asked_and_the_same_for_the_same_seed(tmp_path: Path) -> None:
    first = generate_corpus(tmp_path / "a", 0.05, seed=3)
    again = generate_corpus(tmp_path / "b", 0.05, seed=3)
    other = generate_corpus(tmp_path / "c", 0.05, seed=4)
    assert sum(path.stat().st_size for path in first) >= 50_000
    assert [path.read_bytes() for path in first] == [path.read_bytes() for path in again]
    assert first[0].read_bytes() != other[0].read_bytes()


def test_a_lone_number_cell_is_an_amount_unless_a_rule_says_otherwise() -> None:
    assert lone_amount("2,340.07") == PieceEntity("AMOUNT", 0, 8, value="2340.07")
    assert lone_amount("（2.3）") is None  # brackets: not one number token
    assert lone_amount("2101501") is None  # a 科目编码 of the classification
    assert lone_amount("01") is None  # a leading zero
    assert lone_amount("2,340.07万元") is None
    assert lone_amount("—") is None


@pytest.fixture(scope="module")
def pipelines() -> list[spacy.Language]:
    return [build_rules_pipeline(), spacy.load(DEFAULT_MODEL)]


@pytest.fixture(scope="module")
def cell_texts(seeds_dir: Path) -> list[str]:
    """Every distinct piece of text the NER reads in the seeds and examples."""
    texts: dict[str, None] = {}
    for path in [*sorted(seeds_dir.glob("*.txt")), *sorted(EXAMPLES.iterdir())]:
        document = load_document(path.read_bytes(), source=str(path))
        blocks = split_blocks(document)
        tables = reconstruct(document, blocks, detect_meta(document, blocks))
        texts.update(dict.fromkeys(text for text, _, _ in document_pieces(document, blocks, tables)))
    return list(texts)


def test_the_shortcut_gives_what_the_whole_pipeline_gives(pipelines, cell_texts) -> None:
    shortcut = {text: lone_amount(text) for text in cell_texts}
    numbers = [text for text, found in shortcut.items() if found is not None]
    assert len(numbers) > 300  # the seeds and examples hold hundreds of number cells
    for nlp in pipelines:
        assert rules_decide_amounts(nlp)
        for text, doc in zip(numbers, nlp.pipe(numbers), strict=True):
            assert doc_entities(doc) == [shortcut[text]], text


def test_the_shortcut_is_off_when_a_later_component_sets_entities() -> None:
    nlp = build_rules_pipeline()
    nlp.add_pipe("entity_ruler")
    assert not rules_decide_amounts(nlp)


def test_a_second_extraction_by_the_same_pipeline_gives_the_same_entities(seed) -> None:
    document = load_document(seed("003").read_bytes(), source="003")
    blocks = split_blocks(document)
    tables = reconstruct(document, blocks, detect_meta(document, blocks))
    for load in (build_rules_pipeline, lambda: spacy.load(DEFAULT_MODEL)):
        nlp = load()
        first = extract_entities(nlp, document, blocks, tables)
        assert extract_entities(nlp, document, blocks, tables) == first  # short cells now remembered
        assert extract_entities(load(), document, blocks, tables) == first
