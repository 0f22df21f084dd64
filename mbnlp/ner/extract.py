"""Entities of a document (SPEC §3) for ``DocumentResult.entities``: the NER pipeline run over
the narrative blocks and the table cells, every span mapped to raw ``document.text`` offsets.

Narrative: the analysis text of every ``paragraph`` and ``heading`` block (hard line wraps
joined, markup removed), mapped back with ``block.text.to_source``. Tables: the raw text
of every non-empty cell outside 科目编码, 行次 and blank columns. An AMOUNT takes the
unit of the UNIT entity right after it (spaces or one ``余`` between), else — in a money
column of a table — the table's declared unit (SPEC §3).

Every piece gets what the whole pipeline gives it, but each distinct text of a document is
processed once (table cells repeat: labels, ``—``, ``0.00``), a short text the pipeline has
already processed in this process is not processed again (:class:`PieceMemory`), and a cell
that is one number token goes through the rule functions alone when the rule layer decides its
AMOUNT (see :func:`rules_decide_amounts`): a model's entities on that token would be replaced
anyway; a plain decimal (:data:`PLAIN_DECIMAL`, most number cells) is decided without them.
The other texts go through ``nlp.pipe`` in batches, inside ``nlp.memory_zone``; the words
other than numbers met there keep their lexeme past the zone (:meth:`PieceMemory.keep_words`),
so spaCy does not build them again for every document. Skipping pieces without digits was
measured and rejected: it loses declared units (``金额单位：元``) and the units the model
tags in unit cells and headers.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from weakref import WeakKeyDictionary

import regex
import spacy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from ..about import __version__
from ..loading import Document
from ..normalize import MONEY_UNITS, canonical_unit, parse_amount, to_yuan
from ..records import Entity
from ..segmentation import is_number_token
from ..structure import Block
from ..tables import ReconstructedTable
from ..tables.grid import Cell
from .accounts import domain_lexicon, find_accounts
from .amounts import find_quantities
from .rules import RuleRecognizer, build_rules_pipeline
from .spans import entity_spans

DEFAULT_MODEL = Path(__file__).resolve().parents[2] / "models" / "mbnlp-zh"
"""The shipped pipeline, beside the package in a source checkout."""
NARRATIVE = frozenset({"paragraph", "heading"})
MONEY_ROLES = frozenset({"value", "initial_budget", "full_year_budget", "executed"})
SKIPPED_ROLES = frozenset({"code", "line", "blank"})
UNIT_GAP = regex.compile(r"[\s余]*")
BATCH_SIZE = 256
PLAIN_DECIMAL = regex.compile(r"-?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)\.[0-9]+")
"""Most number cells (``1,234.56``, ``0.00``, ``-3.2``): one token that :func:`~.amounts.find_quantities`
makes one AMOUNT with no unit, which :func:`lone_amount` decides without it. Alone in a text, such a
number is no :data:`~.amounts.NOT_QUANTITY` case: those need an integer (year, date, list marker,
mobile, 科目编码, column number, leading zero), several dots, or text around the number."""
MEMORY_LENGTH = 40
"""Texts up to this long are remembered per pipeline (:class:`PieceMemory`)."""
MEMORY_SIZE = 50_000
LASTING_WORDS = 20_000
"""At most this many words of a pipeline's vocabulary are given a lexeme that outlives
``nlp.memory_zone`` (:meth:`PieceMemory.keep_words`): a few MB."""
ToSource = Callable[[int, int], tuple[int, int]]
"""Maps a span of a processed text to raw ``document.text`` offsets."""


@dataclass(frozen=True)
class PieceEntity:
    """An entity of one processed text: offsets into that text; for an AMOUNT, its ``value`` and
    the text of the UNIT right after it (None when none follows)."""

    label: str
    start: int
    end: int
    value: str | None = None
    unit_text: str | None = None


def load_pipeline(model: str | None = None, user_dict: str | None = None) -> Language:
    """The NER pipeline, loaded once per process and pipeline folder: ``model`` (a pipeline folder),
    else :data:`DEFAULT_MODEL` if it exists, else the rules-only pipeline. ``user_dict``
    (a jieba-format file) extends the tokenizer's domain dictionary, in place of any user
    dictionary saved with the model."""
    path = Path(model) if model is not None else DEFAULT_MODEL if DEFAULT_MODEL.is_dir() else None
    return _loaded_pipeline(None if path is None else path.resolve(), user_dict)


@cache
def _loaded_pipeline(path: Path | None, user_dict: str | None) -> Language:
    """:func:`load_pipeline` for a resolved folder: ``load_pipeline()``, ``load_pipeline(None, None)`` and
    ``load_pipeline(str(DEFAULT_MODEL))`` are one pipeline in memory."""
    if path is None:
        return build_rules_pipeline(user_dict)
    if user_dict is None:
        return spacy.load(path)
    return spacy.load(path, config={"nlp": {"tokenizer": {"user_dict": user_dict}}}, exclude=["tokenizer"])


def model_version(nlp: Language) -> str:
    """``name-version`` of a trained pipeline (``mbnlp-zh-0.1.0``), ``rules-<mbnlp version>`` else."""
    if any(name != "mbnlp_rules" for name in nlp.pipe_names):
        # ``nlp.meta`` rebuilds its labels and vectors info on every read; its name and version are
        # the ``_meta`` entries it returns, with the same defaults
        meta = nlp._meta
        return f"{meta.get('name', 'pipeline')}-{meta.get('version', '0.0.0')}"
    return f"rules-{__version__}"


def extract_entities(
    nlp: Language, document: Document, blocks: Sequence[Block], tables: Sequence[ReconstructedTable]
) -> list[Entity]:
    """Every entity of ``document``'s narrative blocks and table cells, in text order."""
    pieces = document_pieces(document, blocks, tables)
    found = piece_entities(nlp, dict.fromkeys(piece for piece, _, _ in pieces))
    entities: dict[tuple[int, int, str], Entity] = {}
    for piece, to_source, unit in pieces:
        for entity in _entities(found[piece], document.text, to_source, unit):
            entities.setdefault((entity.start, entity.end, entity.label), entity)
    return sorted(entities.values(), key=lambda entity: (entity.start, -entity.end, entity.label))


def document_pieces(
    document: Document, blocks: Sequence[Block], tables: Sequence[ReconstructedTable]
) -> list[tuple[str, ToSource, str | None]]:
    """The texts the NER reads (see the module docstring), each with its map to raw offsets and,
    for a cell of a money column, the table's declared unit."""
    pieces: list[tuple[str, ToSource, str | None]] = []
    for block in blocks:
        if block.kind in NARRATIVE:
            pieces.append((block.text.text, block.text.to_source, None))
    text = document.text
    for table in tables:
        money = {index for index, column in enumerate(table.columns) if column.role in MONEY_ROLES}
        for _, index, cell in ner_cells(table):
            unit = table.unit if index in money else None
            pieces.append((text[cell.start : cell.end], _shift(cell.start), unit))
    return pieces


def ner_cells(table: ReconstructedTable) -> Iterator[tuple[int, int, Cell]]:
    """The cells of ``table`` the NER reads, with their row and column index: non-empty, not
    spanned, outside the 科目编码, 行次 and blank columns."""
    skipped = {index for index, column in enumerate(table.columns) if column.role in SKIPPED_ROLES}
    for row_index, row in enumerate(table.rows):
        for index, cell in enumerate(row.cells):
            if not (cell.is_empty or cell.spanned or index in skipped):
                yield row_index, index, cell


def piece_entities(nlp: Language, texts: Iterable[str]) -> dict[str, tuple[PieceEntity, ...]]:
    """The entities the pipeline ``nlp`` gives each of ``texts`` (distinct), in text order."""
    memory = _memory(nlp)
    found: dict[str, tuple[PieceEntity, ...]] = {}
    rest = []
    for text in texts:
        known = memory.known.get(text)
        amount = lone_amount(text) if known is None and memory.fast else None
        if known is not None:
            found[text] = known
        elif amount is not None:
            found[text] = (amount,)
        else:
            rest.append(text)
    words: dict[str, None] = {}
    with nlp.memory_zone():  # the strings of these docs are freed after it: memory stays flat over a corpus
        for text, doc in zip(rest, nlp.pipe(rest, batch_size=BATCH_SIZE), strict=True):
            found[text] = memory.remember(text, tuple(doc_entities(doc)))
            words.update(dict.fromkeys(memory.passing_words(doc)))
    memory.keep_words(nlp.vocab, words)
    return found


@dataclass
class PieceMemory:
    """What a pipeline gave the short texts it processed (table cells recur across documents:
    labels, ``—``, ``合计``), up to :data:`MEMORY_SIZE` texts, forgotten all at once when full or
    when the pipeline's components change; whether :func:`rules_decide_amounts` holds; and the
    ``words`` (orth ids) given a lasting lexeme (:meth:`keep_words`)."""

    pipe_names: tuple[str, ...]
    fast: bool
    known: dict[str, tuple[PieceEntity, ...]] = field(default_factory=dict)
    words: set[int] = field(default_factory=set)

    def remember(self, text: str, entities: tuple[PieceEntity, ...]) -> tuple[PieceEntity, ...]:
        if len(text) <= MEMORY_LENGTH:
            if len(self.known) >= MEMORY_SIZE:
                self.known.clear()
            self.known[text] = entities
        return entities

    def passing_words(self, doc: Doc) -> Iterator[str]:
        """The words of ``doc`` (read inside the memory zone) that have no lasting lexeme and
        deserve one: every token but numbers, while fewer than :data:`LASTING_WORDS` have one."""
        if len(self.words) >= LASTING_WORDS:
            return
        strings = doc.vocab.strings
        for orth in dict.fromkeys(doc.to_array(ORTH).tolist()):
            if orth not in self.words and not is_number_token(word := strings[orth]):
                yield word

    def keep_words(self, vocab: Vocab, words: Iterable[str]) -> None:
        """Give ``words`` a lasting lexeme (call outside the memory zone), up to :data:`LASTING_WORDS`:
        spaCy then finds them in every later document instead of building and freeing them in each
        zone. The lexeme is the one the zone would build, so no output changes."""
        for word in words:
            if len(self.words) >= LASTING_WORDS:
                return
            self.words.add(vocab[word].orth)


_MEMORIES: WeakKeyDictionary[Language, PieceMemory] = WeakKeyDictionary()


def _memory(nlp: Language) -> PieceMemory:
    memory = _MEMORIES.get(nlp)
    if memory is None or memory.pipe_names != tuple(nlp.pipe_names):
        memory = _MEMORIES[nlp] = PieceMemory(tuple(nlp.pipe_names), rules_decide_amounts(nlp))
    return memory


def rules_decide_amounts(nlp: Language) -> bool:
    """Whether the rule layer alone decides the entities of a text that is one number token: the
    last component that sets ``doc.ents`` is ``mbnlp_rules`` tagging AMOUNT, and it is the only
    one or AMOUNT is among its ``authoritative`` labels (a rule AMOUNT replaces every entity it
    overlaps, so on a one-token text it replaces all)."""
    writers = [name for name in nlp.pipe_names if "doc.ents" in nlp.get_pipe_meta(name).assigns]
    rules = nlp.get_pipe(writers[-1]) if writers else None
    if not isinstance(rules, RuleRecognizer) or "AMOUNT" not in rules.labels:
        return False
    return "AMOUNT" in rules.authoritative or (len(writers) == 1 and rules.ents != "none")


def lone_amount(text: str) -> PieceEntity | None:
    """The AMOUNT a text gets from the rule layer when the text is one number token that the rules
    tag as an AMOUNT and nothing else; None for any other text."""
    if PLAIN_DECIMAL.fullmatch(text) and text not in domain_lexicon().names:
        return PieceEntity("AMOUNT", 0, len(text), value=parse_amount(text))
    if not is_number_token(text):
        return None
    quantities = find_quantities(text)
    if len(quantities) != 1 or (quantities[0].start, quantities[0].end) != (0, len(text)):
        return None
    if find_accounts(text, [(0, len(text))], domain_lexicon()):
        return None
    return PieceEntity("AMOUNT", 0, len(text), value=quantities[0].value)


def doc_entities(doc: Doc) -> list[PieceEntity]:
    """The entities of a processed ``doc`` (:func:`~.spans.entity_spans`) with their AMOUNT fields."""
    spans = entity_spans(doc)
    labels = [span.label_ for span in spans]
    units = [index for index, label in enumerate(labels) if label == "UNIT"]
    text = doc.text  # spaCy joins the tokens on every read: read once
    found = []
    for index, (span, label) in enumerate(zip(spans, labels)):
        if label != "AMOUNT":
            found.append(PieceEntity(label, span.start_char, span.end_char))
            continue
        after = bisect_right(units, index)
        unit_span = spans[units[after]] if after < len(units) else None  # the first UNIT after it
        unit_text = None
        if unit_span is not None and UNIT_GAP.fullmatch(text, span.end_char, unit_span.start_char):
            unit_text = text[unit_span.start_char : unit_span.end_char]
        value = parse_amount(text[span.start_char : span.end_char])
        found.append(PieceEntity("AMOUNT", span.start_char, span.end_char, value, unit_text))
    return found


def _shift(offset: int) -> ToSource:
    return lambda start, end: (offset + start, offset + end)


def _entities(found: Iterable[PieceEntity], text: str, to_source: ToSource, table_unit: str | None) -> Iterable[Entity]:
    """The entities of one piece at raw offsets (``to_source`` maps piece offsets); an AMOUNT with
    no UNIT after it takes ``table_unit`` (SPEC §3 normalisation)."""
    for entity in found:
        start, end = to_source(entity.start, entity.end)
        fields = {}
        if entity.label == "AMOUNT":
            unit = canonical_unit(entity.unit_text) if entity.unit_text is not None else table_unit
            yuan = to_yuan(entity.value, unit) if entity.value is not None and unit in MONEY_UNITS else None
            fields = {"value": entity.value, "unit": unit, "yuan": yuan}
        yield Entity(label=entity.label, start=start, end=end, text=text[start:end], **fields)
