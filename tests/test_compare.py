"""``mbnlp evaluate --compare``: per-label deltas, flipped gold spans and the noise flag, on our own gold
documents (annotations/ner/own.jsonl). Read by hand there: ``城市建设支出`` at [590, 596] of
``own/zhujian_final_accounts_fullwidth.txt`` is a gold ACCOUNT."""

from __future__ import annotations

from pathlib import Path

import pytest

from mbnlp.annotations import load_gold
from mbnlp.evaluation import evaluate
from mbnlp.evaluation.compare import compare
from mbnlp.ner import build_rules_pipeline
from mbnlp.ner.extract import DEFAULT_MODEL, load_pipeline

OWN_GOLD = Path(__file__).parents[1] / "annotations" / "ner" / "own.jsonl"


@pytest.fixture(scope="module")
def documents():
    return load_gold(OWN_GOLD)


@pytest.fixture(scope="module")
def model():
    return load_pipeline(str(DEFAULT_MODEL))


@pytest.fixture(scope="module")
def rules():
    return build_rules_pipeline()


def test_a_model_against_itself_changes_nothing(model, documents):
    result = compare(model, model, documents, rounds=200)
    assert result.flips == [] and result.flagged == []
    assert all((d.delta, d.low, d.high) == (0.0, 0.0, 0.0) for d in result.deltas)
    assert result.new.as_dict() == evaluate(model, documents).as_dict()


def test_rules_to_model_gains_and_flags_nothing(rules, model, documents):
    result = compare(rules, model, documents, rounds=200)
    assert result.flagged == []
    account = next(d for d in result.deltas if d.label == "ACCOUNT" and d.metric == "strict")
    assert account.delta > 0 and account.low > 0
    gained = {(flip.doc, flip.span, flip.text) for flip in result.flips if flip.found_by == "new"}
    assert ("own/zhujian_final_accounts_fullwidth.txt", (590, 596, "ACCOUNT"), "城市建设支出") in gained
    assert result.old.as_dict() == evaluate(rules, documents).as_dict()


def test_model_to_rules_is_flagged_on_account(rules, model, documents):
    result = compare(model, rules, documents, rounds=200)
    assert {(d.label, d.metric) for d in result.flagged} >= {("ACCOUNT", "strict")}
    reason = next(d for d in result.deltas if d.label == "REASON" and d.metric == "strict")
    assert (reason.delta, reason.flagged) == (0.0, False)  # REASON comes from the rules in both


def test_cli_exits_1_when_the_new_model_is_worse(tmp_path):
    from typer.testing import CliRunner

    from mbnlp.cli import app

    report = tmp_path / "compare.json"
    args = ["evaluate", "--gold", str(OWN_GOLD), "--json", str(report), "--compare"]
    worse = CliRunner().invoke(app, [*args, str(DEFAULT_MODEL), "rules"])
    assert worse.exit_code == 1 and "worse beyond noise: ACCOUNT (strict)" in worse.output
    assert "lost ACCOUNT own/zhujian_final_accounts_fullwidth.txt [590, 596] '城市建设支出'" in worse.output
    same = CliRunner().invoke(app, [*args, str(DEFAULT_MODEL), str(DEFAULT_MODEL)])
    assert same.exit_code == 0 and "0 gold spans flipped; no label worse beyond noise" in same.output
