"""Which paragraphs to annotate next: ranked by the statistical model's uncertainty and by where
the rule layer and the model disagree.

For a task's text the pipeline's ``tok2vec`` runs, then its ``ner`` with a beam search
(:data:`BEAM_WIDTH` parses): ``ner.scored_ents`` gives each candidate entity the probability mass
of the parses that contain it, ``p``. The score of a task is

* **uncertainty** — the sum over candidate entities of ``min(p, 1 - p)``: an entity the model is
  sure of (``p`` near 0 or 1) adds nothing, a coin flip adds 0.5; plus
* **disagreement** — the number of AMOUNT/UNIT/ACCOUNT spans found by only one of the rule layer
  (:meth:`mbnlp.ner.RuleRecognizer.find`) and the model's best parse (before the rules fill it in).

REASON comes from the rules alone and takes no part. Higher scores come first; a pipeline
without a statistical ``ner`` cannot be ranked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.language import Language

from ..ner.rules import FLAT_LABELS, RuleRecognizer
from .tasks import Task

BEAM_WIDTH = 16
BATCH_SIZE = 64


def uncertainty_scores(nlp: Language, texts: Sequence[str]) -> list[tuple[float, int]]:
    """``(uncertainty, disagreement)`` of each text (see the module docstring)."""
    if "ner" not in nlp.pipe_names:
        raise ValueError("ranking by uncertainty needs a trained pipeline with a 'ner' component")
    ner = nlp.get_pipe("ner")
    rules = next((proc for _, proc in nlp.pipeline if isinstance(proc, RuleRecognizer)), None)
    if rules is None:
        raise ValueError("ranking by disagreement needs the pipeline's rule layer (mbnlp_rules)")
    before_ner = nlp.pipe_names[: nlp.pipe_names.index("ner")]
    found: list[tuple[float, int]] = []
    for start in range(0, len(texts), BATCH_SIZE):
        docs = [nlp.make_doc(text) for text in texts[start : start + BATCH_SIZE]]
        for name in before_ner:
            docs = list(nlp.get_pipe(name).pipe(docs))
        beams = ner.beam_parse(docs, beam_width=BEAM_WIDTH)
        scored = ner.scored_ents(beams)
        ner.set_annotations(docs, beams)
        for doc, candidates in zip(docs, scored):
            uncertainty = sum(min(p, 1.0 - p) for p in candidates.values())
            model = {(span.start_char, span.end_char, span.label_) for span in doc.ents}
            ruled = {(s.start_char, s.end_char, s.label_) for s in rules.find(doc) if s.label_ in FLAT_LABELS}
            found.append((max(uncertainty, 0.0), len(model ^ ruled)))
    return found


def rank_by_uncertainty(nlp: Language, tasks: Sequence[Task]) -> list[Task]:
    """``tasks`` with their ``score`` (uncertainty + disagreement) set, highest first (ties in document order)."""
    scores = uncertainty_scores(nlp, [task.text for task in tasks])
    scored = [
        replace(
            task,
            score=round(uncertainty + disagreement, 4),
            extra={"uncertainty": uncertainty, "disagreement": disagreement},
        )
        for task, (uncertainty, disagreement) in zip(tasks, scores)
    ]
    return sorted(scored, key=lambda task: -task.score)
