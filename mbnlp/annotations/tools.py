"""Annotation-tool formats: tasks written for Label Studio, doccano and spaCy, and their exports read back.

* **Label Studio** (JSON, a list of tasks): ``{"data": {"text", "doc", "sha256", "offset", …},
  "predictions": [{"model_version", "score", "result": [{"from_name": "label", "to_name": "text",
  "type": "labels", "value": {"start", "end", "text", "labels": [LABEL]}}]}]}``, for the
  labelling config ``annotations/tools/labelstudio.xml``. Its JSON export adds
  ``"annotations": [{"result": […], "was_cancelled", …}]``: the last annotation not cancelled
  is the correction; a task without one was not reviewed and is left out.
* **doccano** (sequence labelling, JSON lines): ``{"text", "label": [[start, end, LABEL]], "doc",
  "sha256", "offset", …, "predicted": [[start, end, LABEL]]}`` — doccano keeps the extra keys as
  metadata and exports them again (at the top level or under ``"meta"``); an export's spans are
  read from ``label``, older ``labels`` or ``entities`` (``start_offset``/``end_offset``).
* **DocBin** (``.spacy``): one ``Doc`` per task, AMOUNT/UNIT/ACCOUNT as ``doc.ents`` and REASON in
  the span group ``reasons``, ``doc.user_data`` holding the task's fields (``doc_id`` too, the same
  as ``sha256``).

Offsets are character offsets into the task text (for Label Studio, text outside the Basic
Multilingual Plane would count twice in its UTF-16 offsets: budget documents have none, and the
import catches a mismatch by comparing ``value.text``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from spacy.language import Language
from spacy.tokens import Doc, DocBin

from ..ner.rules import FLAT_LABELS
from ..ner.spans import REASON_KEY, entity_spans
from .standoff import GoldAnnotationError, read_json_lines
from .tasks import SpanTuple, Task

Format = Literal["labelstudio", "doccano", "docbin"]
FORMATS: tuple[str, ...] = ("labelstudio", "doccano", "docbin")
FROM_NAME = "label"
TO_NAME = "text"
META_KEYS = ("doc", "sha256", "offset", "kind", "table", "row", "column", "model_version", "score")


@dataclass(frozen=True)
class RawSpan:
    """A span as a tool exported it: ``text`` is the covered text the tool recorded, if any."""

    start: object
    end: object
    label: object
    text: str | None = None


@dataclass(frozen=True)
class ExportedTask:
    """One reviewed task of an export: ``task.spans`` is empty; ``spans`` are the corrected
    spans as exported (validated on import); ``predicted`` the pre-annotation it carried, if any."""

    task: Task
    spans: tuple[RawSpan, ...]
    predicted: tuple[SpanTuple, ...] | None


def write_tasks(tasks: Sequence[Task], path: str | Path, fmt: Format, nlp: Language | None = None) -> Path:
    """Write ``tasks`` to ``path`` in ``fmt``; ``docbin`` needs ``nlp`` (its vocabulary and tokenizer)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "labelstudio":
        records = [labelstudio_task(task) for task in tasks]
        path.write_text(json.dumps(records, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    elif fmt == "doccano":
        lines = (json.dumps(doccano_line(task), ensure_ascii=False) + "\n" for task in tasks)
        path.write_text("".join(lines), encoding="utf-8")
    elif fmt == "docbin":
        if nlp is None:
            raise ValueError("writing a DocBin needs the pipeline")
        DocBin(store_user_data=True, docs=(task_doc(nlp, task) for task in tasks)).to_disk(path)
    else:
        raise ValueError(f"unknown format {fmt!r}; formats are {', '.join(FORMATS)}")
    return path


def labelstudio_task(task: Task) -> dict:
    """The Label Studio task of ``task``: its text and fields in ``data``, its spans as one prediction."""
    result = [
        {
            "id": f"p{number}", "from_name": FROM_NAME, "to_name": TO_NAME, "type": "labels",
            "value": {"start": start, "end": end, "text": task.text[start:end], "labels": [label]},
        }  # fmt: skip
        for number, (start, end, label) in enumerate(task.spans)
    ]
    prediction = {"model_version": task.model_version, "result": result}
    if task.score is not None:
        prediction["score"] = task.score
    return {"data": {"text": task.text, **task.meta()}, "predictions": [prediction]}


def doccano_line(task: Task) -> dict:
    """The doccano sequence-labelling line of ``task``; ``predicted`` keeps the pre-annotation for the diff."""
    spans = [list(span) for span in task.spans]
    return {"text": task.text, "label": spans, **task.meta(), "predicted": spans}


def task_doc(nlp: Language, task: Task) -> Doc:
    """``task`` as a ``Doc`` tokenized by ``nlp``: flat labels as ``doc.ents``, REASON in ``doc.spans["reasons"]``."""
    doc = nlp.make_doc(task.text)
    spans = [doc.char_span(start, end, label=label) for start, end, label in task.spans]
    if any(span is None for span in spans):
        raise ValueError(f"{task.doc} at {task.offset}: a span does not fall on token boundaries")
    doc.ents = [span for span in spans if span.label_ in FLAT_LABELS]
    doc.spans[REASON_KEY] = [span for span in spans if span.label_ == "REASON"]
    doc.user_data.update(task.meta(), doc_id=task.sha256)
    return doc


def read_tasks(path: str | Path, fmt: Format, nlp: Language | None = None) -> list[Task]:
    """Tasks as written by :func:`write_tasks`, with their spans (the pre-annotation)."""
    return [
        _with_spans(exported.task, exported.predicted if exported.predicted is not None else exported.spans)
        for exported in read_export(path, fmt, nlp, reviewed_only=False)
    ]


def read_export(
    path: str | Path, fmt: Format, nlp: Language | None = None, *, reviewed_only: bool = True
) -> list[ExportedTask]:
    """The tasks of a tool's export with their corrected spans. Label Studio tasks without an
    annotation are left out when ``reviewed_only`` (with ``reviewed_only=False`` their
    predictions are read as their spans)."""
    path = Path(path)
    if fmt == "labelstudio":
        return _read_labelstudio(path, reviewed_only)
    if fmt == "doccano":
        return [_doccano_task(record, f"{path}:{number}") for number, record in read_json_lines(path)]
    if fmt == "docbin":
        if nlp is None:
            raise ValueError("reading a DocBin needs the pipeline")
        docs = DocBin().from_disk(path).get_docs(nlp.vocab)
        return [_docbin_task(doc, f"{path}:{number}") for number, doc in enumerate(docs, 1)]
    raise ValueError(f"unknown format {fmt!r}; formats are {', '.join(FORMATS)}")


def _read_labelstudio(path: Path, reviewed_only: bool) -> list[ExportedTask]:
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise GoldAnnotationError(f"{path}: not valid JSON ({error.msg})") from None
    if isinstance(records, dict):
        records = [records]
    found = []
    for number, record in enumerate(records, 1):
        where = f"{path}: task {number}"
        if not isinstance(record, dict) or not isinstance(record.get("data"), dict):
            raise GoldAnnotationError(f'{where}: a Label Studio task needs "data"')
        task = _task(record["data"], where)
        predictions = [p for p in record.get("predictions") or [] if isinstance(p, dict)]
        predicted = tuple(_labelstudio_spans(predictions[-1].get("result"), where)) if predictions else None
        annotations = [a for a in record.get("annotations") or [] if isinstance(a, dict) and not a.get("was_cancelled")]
        if annotations:
            spans = tuple(_labelstudio_raw(annotations[-1].get("result"), where))
        elif reviewed_only:
            continue
        else:
            spans = tuple(RawSpan(*span) for span in predicted or ())
        found.append(ExportedTask(task, spans, tuple(sorted(predicted)) if predicted is not None else None))
    return found


def _labelstudio_raw(result: object, where: str) -> Iterable[RawSpan]:
    if not isinstance(result, list):
        raise GoldAnnotationError(f'{where}: "result" must be a list')
    for item in result:
        if not isinstance(item, dict) or item.get("type") != "labels":
            continue  # relations, choices, …: not spans
        value = item.get("value") or {}
        for label in value.get("labels") or [None]:
            yield RawSpan(value.get("start"), value.get("end"), label, value.get("text"))


def _labelstudio_spans(result: object, where: str) -> Iterable[SpanTuple]:
    for span in _labelstudio_raw(result, where):
        yield span.start, span.end, span.label


def _doccano_task(record: dict, where: str) -> ExportedTask:
    fields = {**record, **(record.get("meta") if isinstance(record.get("meta"), dict) else {})}
    task = _task(fields, where)
    if "entities" in record:
        entities = [entity for entity in record["entities"] if isinstance(entity, dict)]
        raw = [(e.get("start_offset"), e.get("end_offset"), e.get("label")) for e in entities]
    else:
        raw = record.get("label", record.get("labels", []))
    if not isinstance(raw, list) or not all(isinstance(item, list | tuple) and len(item) == 3 for item in raw):
        raise GoldAnnotationError(f"{where}: spans must be a list of [start, end, label]")
    predicted = fields.get("predicted")
    return ExportedTask(
        task,
        tuple(RawSpan(*item) for item in raw),
        tuple(sorted(tuple(span) for span in predicted)) if isinstance(predicted, list) else None,
    )


def _docbin_task(doc: Doc, where: str) -> ExportedTask:
    task = _task({"text": doc.text, **doc.user_data}, where)
    spans = tuple((span.start_char, span.end_char, span.label_) for span in entity_spans(doc))
    return ExportedTask(task, tuple(RawSpan(*span) for span in spans), spans)


def _task(fields: dict, where: str) -> Task:
    """The :class:`Task` (without spans) that ``fields`` locate."""
    text, doc, sha256, offset = (fields.get(key) for key in ("text", "doc", "sha256", "offset"))
    if not isinstance(text, str) or not isinstance(doc, str) or not isinstance(sha256, str):
        raise GoldAnnotationError(f'{where}: a task needs "text", "doc", "sha256" and "offset" (from mbnlp annotate)')
    if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
        raise GoldAnnotationError(f'{where}: bad "offset" {offset!r}')
    known = {key: fields[key] for key in META_KEYS[3:] if fields.get(key) is not None}
    return Task(doc, sha256, offset, text, **{"kind": "paragraph", **known})


def _with_spans(task: Task, spans: Iterable[SpanTuple | RawSpan]) -> Task:
    tuples = [(s.start, s.end, s.label) if isinstance(s, RawSpan) else tuple(s) for s in spans]
    return replace(task, spans=tuple(sorted(tuples)))

