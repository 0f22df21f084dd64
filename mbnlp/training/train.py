"""Train the mbnlp pipeline on the NER gold: ``train(annotations, out_dir) -> out_dir``.

The config (default ``training/ner.cfg``) is a spaCy training config whose corpora are
``mbnlp.GoldCorpus.v1`` readers; :func:`train` fills its ``[paths]``, the seed and, if
given, ``max_steps``, trains with spaCy's training loop on CPU and writes the final
(averaged) weights to ``out_dir`` — no model selection on the dev documents, so the
result depends on the data, the config and the seed only, and the same call gives the
same weights. ``meta.json`` carries the pipeline's ``name`` (``mbnlp-zh``), its
``version`` (the mbnlp version) and ``training_data``: the sha256 of every gold file
and of every document, the held-out documents, the seed and the steps.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from spacy import util
from spacy.training.initialize import init_nlp
from spacy.training.loop import DIR_MODEL_LAST
from spacy.training.loop import train as train_loop

from .. import ner  # noqa: F401  (registers the tokenizer and the mbnlp_rules factory)
from ..about import __version__
from ..annotations import load_gold
from . import corpus  # noqa: F401  (registers the mbnlp.GoldCorpus.v1 reader)

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CONFIG = REPO_ROOT / "training" / "ner.cfg"
MODEL_NAME = "mbnlp-zh"


def train(
    annotations_dir: str | Path,
    out_dir: str | Path,
    config: str | Path = DEFAULT_CONFIG,
    seed: int = 0,
    held_out_docs: Iterable[str] | None = None,
    max_steps: int | None = None,
    *,
    log: io.TextIOBase | None = None,
) -> Path:
    """Train on the gold under ``annotations_dir`` (its ``ner`` folder if it has one) and save
    the pipeline to ``out_dir`` (replaced). ``held_out_docs`` (gold ``doc`` names) are left
    out of training and scored as dev (with none, the dev score is the fit to the training
    data); training progress goes to ``log`` (default: nowhere)."""
    gold_dir = _gold_dir(Path(annotations_dir))
    held_out = sorted(held_out_docs or [])
    overrides = {
        "paths.annotations": str(gold_dir),
        "paths.held_out": held_out,
        "system.seed": seed,
    }
    if not held_out:  # nothing to hold out: the dev score is the training fit, for monitoring only
        overrides["corpora.dev.split"] = "all"
    if max_steps is not None:
        overrides["training.max_steps"] = max_steps
        overrides["training.eval_frequency"] = max(1, max_steps)
    loaded = util.load_config(Path(config), overrides=overrides, interpolate=False)
    nlp = init_nlp(loaded)
    nlp.meta.update(_meta(gold_dir, held_out, seed, nlp.config["training"]["max_steps"]))
    sink = log or io.StringIO()
    out = Path(out_dir)
    with tempfile.TemporaryDirectory(prefix="mbnlp-train-") as work:
        train_loop(nlp, Path(work), stdout=sink, stderr=sink)
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(Path(work) / DIR_MODEL_LAST, out)
    return out


def _gold_dir(path: Path) -> Path:
    """``annotations/`` → ``annotations/ner``; a gold folder or file as given."""
    return path / "ner" if (path / "ner").is_dir() else path


def _meta(gold_dir: Path, held_out: list[str], seed: int, steps: int) -> dict:
    files = [gold_dir] if gold_dir.is_file() else sorted(gold_dir.glob("*.jsonl"))
    documents = load_gold(gold_dir)
    return {
        "name": MODEL_NAME,
        "version": __version__,
        "description": "mbnlp NER for Chinese budget documents: AMOUNT, UNIT, ACCOUNT (doc.ents), REASON (span group)",
        "license": "Apache-2.0",
        "requirements": [f"mbnlp>={__version__}"],
        "training_data": {
            "gold_files": {file.name: _sha256(file) for file in files},
            "documents": {document.doc: document.sha256 for document in documents if document.doc not in held_out},
            "held_out": held_out,
            "seed": seed,
            "max_steps": steps,
        },
        "performance_scored_on": f"held-out documents {held_out}" if held_out else "training data: a fit, not accuracy",
    }


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
