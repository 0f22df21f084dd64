"""Gold NER annotations: stand-off JSON lines, loaded and validated.

A gold file holds one JSON object per line, one line per document::

    {"doc": "000_faa4df6e31bf1811.txt", "sha256": "<sha256 of the raw bytes>",
     "spans": [[start, end, "AMOUNT"], ...], "regions": [[start, end], ...], ...}

Offsets are character offsets into the decoded text (``Document.text``), ``end``
exclusive. ``regions`` are the parts of the document that were annotated
exhaustively; evaluation counts predictions inside them only.

A line either embeds the text of a document we wrote ourselves (``"text"``) or
refers to a document by name (stand-off): a seed file name is looked up in the seed
folder (``../shared/seeds`` beside the repository), a path such as
``examples/narrative_final_accounts_yuan.txt`` in the repository root. The text is
read with :func:`mbnlp.load_document`; a document whose bytes do not hash to the
recorded ``sha256`` is refused, so offsets never silently point into another
version of a file.

Every line is validated: offsets inside the text, labels known, spans inside the
annotated regions, no two spans of the same label overlapping (spans of different
labels may nest: an ACCOUNT inside a REASON), no span starting or ending with
whitespace. Any problem raises
:class:`GoldAnnotationError` naming the gold file, the line and the document.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from ..errors import MbnlpError
from ..loading import load_document

LABELS: tuple[str, ...] = ("AMOUNT", "UNIT", "ACCOUNT", "REASON")
REPO_ROOT = Path(__file__).resolve().parents[2]
SEEDS_DIR = (REPO_ROOT / ".." / "shared" / "seeds").resolve()


class GoldAnnotationError(MbnlpError, ValueError):
    """A gold file cannot be used: unreadable, wrong document version, invalid spans."""


@dataclass(frozen=True)
class GoldDocument:
    """One annotated document: its text, gold spans and annotated regions.

    ``spans`` are ``(start, end, label)`` sorted by position; ``regions`` are
    ``(start, end)`` sorted. ``sha256`` is the hash of the document's raw bytes
    (for embedded texts: of the UTF-8 encoded text); ``gold_path`` and ``line`` say
    where the annotation came from; ``meta`` keeps the line's other fields.
    """

    doc: str
    text: str
    spans: list[tuple[int, int, str]]
    regions: list[tuple[int, int]]
    sha256: str = ""
    gold_path: str = ""
    line: int = 0
    meta: dict = field(default_factory=dict, compare=False, repr=False)

    def span_text(self, span: tuple[int, int, str]) -> str:
        """The text a span covers."""
        return self.text[span[0] : span[1]]

    def by_label(self, label: str) -> list[tuple[int, int, str]]:
        """The spans of one label."""
        return [span for span in self.spans if span[2] == label]


def load_gold(path_or_dir: str | os.PathLike, docs_dir: str | os.PathLike | None = None) -> list[GoldDocument]:
    """The gold documents of a ``.jsonl`` file, or of every ``*.jsonl`` file in a folder
    (sorted by name). ``docs_dir`` is where stand-off documents are looked up; by
    default seed names resolve to ``../shared/seeds`` beside the repository and
    ``examples/…`` paths to the repository root."""
    path = Path(path_or_dir)
    if path.is_dir():
        files = sorted(path.glob("*.jsonl"))
        if not files:
            raise GoldAnnotationError(f"{path}: no *.jsonl gold files")
    elif path.is_file():
        files = [path]
    else:
        raise GoldAnnotationError(f"{path}: no such gold file or folder")
    documents: list[GoldDocument] = []
    for file in files:
        documents.extend(_load_file(file, None if docs_dir is None else Path(docs_dir)))
    return documents


def _load_file(path: Path, docs_dir: Path | None) -> list[GoldDocument]:
    return [
        _document(record, f"{path}:{number}", str(path), number, docs_dir) for number, record in read_json_lines(path)
    ]


def read_json_lines(path: Path) -> Iterator[tuple[int, dict]]:
    """``(line number, object)`` for each non-blank line of a JSON-lines file; a line that is not
    a JSON object raises :class:`GoldAnnotationError` naming the file and the line."""
    with open(path, encoding="utf-8") as handle:
        for number, raw in enumerate(handle, 1):
            if not raw.strip():
                continue
            where = f"{path}:{number}"
            try:
                record = json.loads(raw)
            except json.JSONDecodeError as error:
                raise GoldAnnotationError(f"{where}: not valid JSON ({error.msg})") from None
            if not isinstance(record, dict):
                raise GoldAnnotationError(f"{where}: a line must be a JSON object")
            yield number, record


def _document(record: dict, where: str, gold_path: str, line: int, docs_dir: Path | None) -> GoldDocument:
    doc = record.get("doc")
    if not isinstance(doc, str) or not doc:
        raise GoldAnnotationError(f'{where}: missing "doc"')
    where = f"{where} ({doc})"
    expected = record.get("sha256")
    if "text" in record:
        text = record["text"]
        if not isinstance(text, str):
            raise GoldAnnotationError(f'{where}: "text" must be a string')
        actual = hashlib.sha256(text.encode("utf-8")).hexdigest()
    else:
        if not isinstance(expected, str) or len(expected) != 64:
            raise GoldAnnotationError(f'{where}: a stand-off line needs the document\'s "sha256"')
        source = resolve_document(doc, docs_dir)
        if not source.is_file():
            raise GoldAnnotationError(f"{where}: document not found at {source}")
        document = load_document(source)
        text, actual = document.text, document.doc_id
    if expected is not None and expected != actual:
        raise GoldAnnotationError(
            f"{where}: sha256 mismatch: the gold was made on {expected}, the document is {actual}; "
            "its offsets do not apply to this version"
        )
    spans = _spans(record.get("spans"), where)
    regions = _regions(record.get("regions"), len(text), where)
    _validate(spans, regions, len(text), where)
    for start, end, label in spans:
        covered = text[start:end]
        if covered != covered.strip():
            raise GoldAnnotationError(f"{where}: span {[start, end, label]} {covered!r} starts or ends with whitespace")
    meta = {key: value for key, value in record.items() if key not in ("doc", "sha256", "text", "spans", "regions")}
    return GoldDocument(doc, text, spans, regions, actual, gold_path, line, meta)


def resolve_document(doc: str, docs_dir: str | os.PathLike | None = None) -> Path:
    """Where the document named ``doc`` is read from."""
    if docs_dir is not None:
        base = Path(docs_dir)
        direct = base / doc
        return direct if direct.exists() or "/" not in doc else base / Path(doc).name
    if doc.startswith(("examples/", "annotations/")):
        return REPO_ROOT / doc
    return SEEDS_DIR / doc


def _spans(value: object, where: str) -> list[tuple[int, int, str]]:
    if not isinstance(value, list):
        raise GoldAnnotationError(f'{where}: "spans" must be a list of [start, end, label]')
    spans = []
    for item in value:
        if (
            not isinstance(item, list)
            or len(item) != 3
            or not all(isinstance(x, int) and not isinstance(x, bool) for x in item[:2])
            or not isinstance(item[2], str)
        ):
            raise GoldAnnotationError(f"{where}: bad span {item!r}; expected [start, end, label]")
        if item[2] not in LABELS:
            raise GoldAnnotationError(f"{where}: unknown label {item[2]!r} in {item!r}; labels are {', '.join(LABELS)}")
        spans.append((item[0], item[1], item[2]))
    if len(set(spans)) != len(spans):
        raise GoldAnnotationError(f"{where}: duplicate spans")
    return sorted(spans)


def _regions(value: object, length: int, where: str) -> list[tuple[int, int]]:
    if not isinstance(value, list) or not value:
        raise GoldAnnotationError(f'{where}: "regions" must be a non-empty list of [start, end]')
    regions = []
    for item in value:
        if not (
            isinstance(item, list)
            and len(item) == 2
            and all(isinstance(x, int) and not isinstance(x, bool) for x in item)
        ):
            raise GoldAnnotationError(f"{where}: bad region {item!r}; expected [start, end]")
        if not 0 <= item[0] < item[1] <= length:
            raise GoldAnnotationError(f"{where}: region {item!r} outside the text (length {length})")
        regions.append((item[0], item[1]))
    regions.sort()
    for (_, end), (start, _) in pairwise(regions):
        if start < end:
            raise GoldAnnotationError(f"{where}: regions overlap at {start}")
    return regions


def _validate(spans: list[tuple[int, int, str]], regions: list[tuple[int, int]], length: int, where: str) -> None:
    for start, end, label in spans:
        if not 0 <= start < end <= length:
            raise GoldAnnotationError(f"{where}: span {[start, end, label]} outside the text (length {length})")
        if not any(r_start <= start and end <= r_end for r_start, r_end in regions):
            raise GoldAnnotationError(f"{where}: span {[start, end, label]} is not inside an annotated region")
    for label in LABELS:
        previous: tuple[int, int, str] | None = None
        for span in (span for span in spans if span[2] == label):
            if previous is not None and span[0] < previous[1]:
                raise GoldAnnotationError(f"{where}: overlapping {label} spans {list(previous)} and {list(span)}")
            previous = span


def iter_spans(documents: Iterable[GoldDocument]) -> Iterable[tuple[GoldDocument, tuple[int, int, str]]]:
    """Every ``(document, span)`` pair, in document order."""
    for document in documents:
        for span in document.spans:
            yield document, span
