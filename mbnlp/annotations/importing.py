"""Corrected tool exports → stand-off gold (SPEC §5): validated, and compared with the pre-annotation.

Each exported task is mapped back to its document (``doc`` resolved in the documents folder,
refused when the document's sha256 or its text at the task's ``offset`` differ), and each span
is checked: well-formed, label known, inside the task text, the same text the tool recorded,
no whitespace at either end, no overlap with another span of its label, and on token
boundaries of the pipeline's tokenizer. A problem is reported as an :class:`Issue` with a
suggested fix where one exists (the stripped span, the span widened to whole tokens); no span
is ever moved silently. The regions of a document's stand-off line are its reviewed tasks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from spacy.language import Language
from spacy.tokens import Doc

from ..errors import MbnlpInputError
from ..loading import Document, load_document
from .diff import Change, diff_spans
from .standoff import LABELS, resolve_document
from .tasks import SpanTuple, Task
from .tools import ExportedTask, Format, RawSpan, read_export

IssueKind = Literal["document", "malformed", "label", "outside", "text", "whitespace", "overlap", "misaligned"]


@dataclass(frozen=True)
class Issue:
    """A problem in an export: ``span`` and ``fix`` are at document offsets where known."""

    doc: str
    kind: IssueKind
    message: str
    span: SpanTuple | None = None
    fix: SpanTuple | None = None


@dataclass
class ImportResult:
    """The stand-off lines of an import, its issues, and the changes versus the pre-annotation
    (``changes`` is None when the export carries no pre-annotation and none was given)."""

    records: list[dict]
    issues: list[Issue]
    changes: list[Change] | None
    tasks: int = 0
    skipped: list[str] = field(default_factory=list)

    def blocking(self, keep_misaligned: bool = False) -> list[Issue]:
        """The issues that stop the gold from being written (misaligned spans only without ``keep_misaligned``)."""
        return [issue for issue in self.issues if not (keep_misaligned and issue.kind == "misaligned")]


def import_export(
    path: str | Path,
    fmt: Format,
    nlp: Language,
    *,
    docs_dir: str | Path | None = None,
    pre: Sequence[Task] | None = None,
) -> ImportResult:
    """Read the tool export at ``path`` and turn its reviewed tasks into stand-off lines, one per
    document. ``nlp``'s tokenizer is the one spans must align with; ``pre`` (the tasks as
    exported by ``mbnlp annotate``) is the pre-annotation to diff against, else the one the export carries."""
    exported = read_export(path, fmt, nlp)
    baseline = {task.key: task.document_spans() for task in pre} if pre is not None else None
    by_doc: dict[tuple[str, str], list[ExportedTask]] = defaultdict(list)
    for item in exported:
        by_doc[item.task.doc, item.task.sha256].append(item)
    carried = all(item.predicted is not None for item in exported)
    result = ImportResult([], [], [] if baseline is not None or carried else None)
    result.tasks = len(exported)
    for (doc, sha256), items in by_doc.items():
        document = _document(doc, sha256, docs_dir, result.issues)
        if document is None:
            result.skipped.append(doc)
            continue
        spans, regions = _document_spans(document, doc, items, nlp, result.issues)
        result.records.append({
            "doc": doc, "sha256": sha256,
            "spans": [list(span) for span in spans], "regions": [list(region) for region in regions],
            "guideline": "SPEC §3", "method": _method(fmt, Path(path).name, items),
        })  # fmt: skip
        if result.changes is not None:
            for item in items:
                before = baseline.get(item.task.key, []) if baseline is not None else _shift(item.predicted, item.task)
                after = [span for span in spans if item.task.offset <= span[0] and span[1] <= item.task.end]
                result.changes += diff_spans(doc, before, after)
    return result


def _document(doc: str, sha256: str, docs_dir: str | Path | None, issues: list[Issue]) -> Document | None:
    source = resolve_document(doc, docs_dir)
    if not source.is_file():
        issues.append(Issue(doc, "document", f"document not found at {source}"))
        return None
    try:
        document = load_document(source)
    except MbnlpInputError as error:
        issues.append(Issue(doc, "document", str(error)))
        return None
    if document.doc_id != sha256:
        issues.append(Issue(doc, "document", f"sha256 mismatch: tasks made on {sha256}, {source} is {document.doc_id}"))
        return None
    return document


def _document_spans(
    document: Document, doc: str, items: list[ExportedTask], nlp: Language, issues: list[Issue]
) -> tuple[list[SpanTuple], list[tuple[int, int]]]:
    """The spans (document offsets) and regions of one document's reviewed tasks; problems go to ``issues``."""
    spans: list[SpanTuple] = []
    regions: list[tuple[int, int]] = []
    for item in sorted(items, key=lambda item: item.task.offset):
        task = item.task
        if document.text[task.offset : task.end] != task.text:
            issues.append(Issue(doc, "document", f"task at {task.offset}: its text is not the document's text there"))
            continue
        if regions and task.offset < regions[-1][1]:
            issues.append(Issue(doc, "document", f"task at {task.offset} overlaps the task before it"))
            continue
        regions.append((task.offset, task.end))
        spans += validate_spans(task, item.spans, nlp.make_doc(task.text), issues)
    issues += overlaps(doc, spans)
    return sorted(set(spans)), regions


def validate_spans(task: Task, raw_spans: Iterable[RawSpan], tokens: Doc, issues: list[Issue]) -> list[SpanTuple]:
    """The spans of ``task`` at document offsets, except the invalid ones, which go to ``issues``
    (misaligned spans are both kept and reported: the tokenizer may be what is wrong)."""
    kept = []
    text, doc, offset = task.text, task.doc, task.offset
    for raw in raw_spans:
        start, end, label = raw.start, raw.end, raw.label
        if not (_is_int(start) and _is_int(end) and isinstance(label, str)):
            issues.append(Issue(doc, "malformed", f"task at {offset}: bad span {[start, end, label]!r}"))
            continue
        at = (offset + start, offset + end, label)
        if label not in LABELS:
            message = f"{list(at)}: unknown label {label!r}; labels are {', '.join(LABELS)}"
            issues.append(Issue(doc, "label", message, at))
            continue
        if not 0 <= start < end <= len(text):
            issues.append(Issue(doc, "outside", f"{list(at)}: outside its task [{offset}, {task.end}]", at))
            continue
        covered = text[start:end]
        if raw.text is not None and raw.text != covered:
            message = f"{list(at)}: the tool recorded {raw.text!r}, the offsets cover {covered!r}"
            issues.append(Issue(doc, "text", message, at))
            continue
        if covered != covered.strip():
            lead = len(covered) - len(covered.lstrip())
            fix = (at[0] + lead, at[0] + lead + len(covered.strip()), label)
            issues.append(Issue(doc, "whitespace", f"{list(at)} {covered!r} starts or ends with whitespace", at, fix))
            continue
        if tokens.char_span(start, end) is None:
            issues.append(_misaligned(task, at, tokens))
        kept.append(at)
    return kept


def overlaps(doc: str, spans: Iterable[SpanTuple]) -> list[Issue]:
    """An issue for each pair of overlapping spans of the same label."""
    found = []
    for label in LABELS:
        previous: SpanTuple | None = None
        for span in sorted(span for span in set(spans) if span[2] == label):
            if previous is not None and span[0] < previous[1]:
                message = f"overlapping {label} spans {list(previous)} and {list(span)}"
                found.append(Issue(doc, "overlap", message, span))
            if previous is None or span[1] > previous[1]:
                previous = span
    return found


def _misaligned(task: Task, at: SpanTuple, tokens: Doc) -> Issue:
    """The issue of a span off token boundaries, suggesting the span widened to whole tokens."""
    start, end = at[0] - task.offset, at[1] - task.offset
    wide = tokens.char_span(start, end, alignment_mode="expand")
    narrow = tokens.char_span(start, end, alignment_mode="contract")
    fix = (task.offset + wide.start_char, task.offset + wide.end_char, at[2])
    touched = "|".join(token.text for token in wide)
    message = (
        f"{list(at)} {task.text[start:end]!r} does not fall on token boundaries (tokens {touched!r}); "
        f"suggested: {list(fix)} {wide.text!r}"
    )
    if narrow is not None and len(narrow):
        message += f" or [{task.offset + narrow.start_char}, {task.offset + narrow.end_char}] {narrow.text!r}"
    return Issue(task.doc, "misaligned", message + ", or a user dictionary entry that splits the tokens", at, fix)


def _shift(spans: Iterable[SpanTuple] | None, task: Task) -> list[SpanTuple]:
    return [(task.offset + start, task.offset + end, label) for start, end, label in spans or ()]


def _method(fmt: str, source: str, items: list[ExportedTask]) -> str:
    versions = sorted({item.task.model_version for item in items if item.task.model_version})
    made = f"pre-annotated by {', '.join(versions)}, " if versions else ""
    return f"{made}corrected by reading in {fmt} ({source}), imported with mbnlp annotations import"


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
