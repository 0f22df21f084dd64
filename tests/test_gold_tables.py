"""The table gold itself (annotations/tables/*.jsonl), checked against the seed documents.

This validates the gold, not the table reconstructor: hashes, canonical numbers, that every
number of the gold is printed in its table's region of the seed, the record counts and the
performance-table arithmetic found by reading, and that the stand-off gold copies no
running text of the seeds.
"""

from __future__ import annotations

import hashlib
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

GOLD_DIR = Path(__file__).parents[1] / "annotations" / "tables"
SEED_FILES = [
    "000_faa4df6e31bf1811",
    "001_87a8803eb2674df3",
    "002_5fb32d9fdb188baf",
    "003_9adcdd7e9b7fe2b9",
    "004_042fe53351928818",
]
KINDS = {"performance_indicators", "project_funds", "income_expenditure_summary", "account_detail",
         "economic_detail", "three_public", "other"}
TABLE_KEYS = ["doc", "sha256", "title", "label", "kind", "unit", "project", "region", "indicators", "funds",
              "accounts", "total", "notes"]
INDICATOR_KEYS = {"project", "level1", "level2", "level3", "nature", "operator", "target", "actual", "unit",
                  "weight", "score", "deviation"}
FUND_KEYS = {"project", "item", "initial_budget", "full_year_budget", "executed", "weight", "execution_rate",
             "score", "unit"}
ACCOUNT_KEYS = {"code", "name", "level", "side", "column", "value", "unit"}
FUND_ITEMS = {"年度资金总额", "财政拨款", "上年结转资金", "其他资金"}
CANONICAL = re.compile(r"^-?(0|[1-9]\d*)(\.\d+)?$")

# (kind, indicators, funds, accounts) per gold line, in document order — counted by reading.
EXPECTED_COUNTS = {
    "000_faa4df6e31bf1811": [
        ("other", 0, 0, 0),
        ("project_funds", 0, 4, 0), ("performance_indicators", 12, 0, 0),   # 城乡居民医疗救助
        ("project_funds", 0, 4, 0), ("performance_indicators", 12, 0, 0),   # 医疗救助基金
        ("project_funds", 0, 4, 0), ("performance_indicators", 24, 0, 0),   # 2022中央财政医疗服务与保障能力提升补助资金
    ],
    "001_87a8803eb2674df3": [
        ("project_funds", 0, 4, 0), ("performance_indicators", 15, 0, 0),
    ],
    "002_5fb32d9fdb188baf": [
        ("income_expenditure_summary", 0, 0, 42),   # 公开01表: 12 income + 30 expenditure
        ("account_detail", 0, 0, 42),               # 公开02表: 6 rows x 7
        ("account_detail", 0, 0, 36),               # 公开03表: 6 rows x 6
        ("income_expenditure_summary", 0, 0, 125),  # 公开04表: 9 income + 29 rows x 4
        ("account_detail", 0, 0, 18),               # 公开05表: 6 rows x 3
        ("economic_detail", 0, 0, 83),              # 公开06表
        ("account_detail", 0, 0, 0),                # 公开07表 (empty)
        ("account_detail", 0, 0, 0),                # 公开08表 (empty)
        ("three_public", 0, 0, 12),                 # 公开09表
        ("project_funds", 0, 1, 0), ("performance_indicators", 7, 0, 0),
        ("project_funds", 0, 1, 0), ("performance_indicators", 6, 0, 0),
        ("project_funds", 0, 1, 0), ("performance_indicators", 9, 0, 0),
    ],
    "003_9adcdd7e9b7fe2b9": [
        ("income_expenditure_summary", 0, 0, 9),    # 公开01表
        ("account_detail", 0, 0, 40),               # 公开02表: 20 rows x 2
        ("account_detail", 0, 0, 43),               # 公开03表
        ("income_expenditure_summary", 0, 0, 15),   # 公开04表
        ("account_detail", 0, 0, 105),              # 公开05表
        ("economic_detail", 0, 0, 26),              # 公开06表
        ("economic_detail", 0, 0, 8),               # 公开07表
        ("three_public", 0, 0, 18),                 # 公开10表
        ("other", 0, 0, 6),                         # 公开11表
        ("other", 0, 0, 0),                         # 公开12表 (text)
        ("other", 0, 0, 11),                        # 部门整体支出绩效自评表: 重点工作任务
        ("performance_indicators", 12, 0, 0),       # 部门整体支出绩效指标
        ("project_funds", 0, 4, 0), ("performance_indicators", 11, 0, 0),
        ("project_funds", 0, 4, 0), ("performance_indicators", 8, 0, 0),    # 公开14.2表
    ],
    "004_042fe53351928818": [
        ("other", 0, 0, 0),
    ],
}

# Σ indicator weights + fund weight and Σ indicator scores + fund score per performance
# table (None where the table has no weights / scores), as found by reading.
EXPECTED_SUMS = {
    ("000_faa4df6e31bf1811", 2): ("100", "99.68"),
    ("000_faa4df6e31bf1811", 4): ("100", "100"),
    ("000_faa4df6e31bf1811", 6): ("100", "98.88"),
    ("001_87a8803eb2674df3", 1): ("100", "97"),       # 总分 score printed 98
    ("002_5fb32d9fdb188baf", 10): (None, "100"),
    ("002_5fb32d9fdb188baf", 12): (None, "100"),
    ("002_5fb32d9fdb188baf", 14): (None, "80"),       # 总分 printed 100
    ("003_9adcdd7e9b7fe2b9", 11): (None, None),
    ("003_9adcdd7e9b7fe2b9", 13): ("95", "89.70"),    # 总分 printed 100 / 94.70
    ("003_9adcdd7e9b7fe2b9", 15): ("100.00", "97.70"),  # no 总分 row
}


def load(name: str) -> list[dict]:
    path = GOLD_DIR / f"{name}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def gold() -> dict[str, list[dict]]:
    return {name: load(name) for name in SEED_FILES}


@pytest.fixture(scope="module")
def texts(seeds_dir: Path) -> dict[str, tuple[bytes, str]]:
    out = {}
    for name in SEED_FILES:
        data = (seeds_dir / f"{name}.txt").read_bytes()
        out[name] = (data, data.decode("utf-8"))
    return out


def region_text(table: dict, text: str) -> str:
    start, end = table["region"]
    return text[start:end]


def records(table: dict):
    for kind in ("indicators", "funds", "accounts"):
        for record in table[kind]:
            yield kind, record


def resolved(record: dict, text: str) -> dict:
    """The record with its stand-off ``<field>_span`` fields read from the seed."""
    out = dict(record)
    for name in [n for n in record if n.endswith("_span")]:
        start, end = out.pop(name)
        out[name[:-5]] = text[start:end]
    return out


def printed(number: str, text: str) -> bool:
    """Is ``number`` printed in ``text`` as a whole number (with or without separators, % or 分)?"""
    integer, _, decimals = number.lstrip("-").partition(".")
    grouped = f"{int(integer):,}" + (f".{decimals}" if decimals else "")
    for form in {number, grouped}:
        if re.search(rf"(?<![\d.,]){re.escape(form)}(?![\d]|[.,]\d)", text):
            return True
    return False


def test_one_gold_file_per_seed():
    assert sorted(p.stem for p in GOLD_DIR.glob("*.jsonl")) == SEED_FILES


@pytest.mark.parametrize("name", SEED_FILES)
def test_hash_and_doc_match_the_seed(name, gold, texts):
    data, _ = texts[name]
    sha = hashlib.sha256(data).hexdigest()
    for table in gold[name]:
        assert table["doc"] == f"{name}.txt"
        assert table["sha256"] == sha


@pytest.mark.parametrize("name", SEED_FILES)
def test_structure(name, gold, texts):
    _, text = texts[name]
    previous_start = -1
    for table in gold[name]:
        assert list(table) == TABLE_KEYS
        assert table["kind"] in KINDS
        assert table["label"] is None or re.fullmatch(r"公开\d+(\.\d+)?表", table["label"])
        start, end = table["region"]
        assert 0 <= start < end <= len(text) and start >= previous_start, "regions in document order"
        previous_start = start
        if table["title"]:
            assert table["title"] in region_text(table, text).replace(" ", "") or table["title"] in text
        for kind, record in records(table):
            keys = {k[:-5] if k.endswith("_span") else k for k in record}
            required = {"indicators": INDICATOR_KEYS, "funds": FUND_KEYS, "accounts": ACCOUNT_KEYS}[kind]
            assert required <= keys, (kind, required - keys)
            if kind == "indicators":
                assert record["project"] == table["project"]
                assert record["operator"] in (None, ">=", "<=", "=", ">", "<")
                assert record["nature"] in (None, "正向", "反向", "定性", "定量")
                assert record["level3"]
            elif kind == "funds":
                assert record["project"] == table["project"]
                assert record["item"] in FUND_ITEMS
            else:
                code = record["code"]
                assert code is None or code.isdigit()
                assert record["level"] == ({3: "类", 5: "款", 7: "项"}.get(len(code)) if code else None)
                assert record["side"] in (("income", "expenditure") if table["kind"] == "income_expenditure_summary" else (None,))
                assert record["column"] and record["value"] is not None
        if table["kind"] == "project_funds":
            assert table["funds"] and not table["indicators"] and not table["accounts"]
        if table["kind"] == "performance_indicators":
            assert table["indicators"] and not table["funds"] and not table["accounts"]


@pytest.mark.parametrize("name", SEED_FILES)
def test_both_blocks_of_a_performance_table_carry_the_project(name, gold):
    tables = gold[name]
    for i, table in enumerate(tables):
        if table["kind"] == "project_funds":
            follower = tables[i + 1]
            assert follower["kind"] == "performance_indicators"
            assert (follower["title"], follower["label"], follower["project"]) == (table["title"], table["label"], table["project"])


@pytest.mark.parametrize("name", SEED_FILES)
def test_numbers_are_canonical_decimals(name, gold):
    for table in gold[name]:
        numbers = []
        for kind, record in records(table):
            if kind == "indicators":
                numbers += [record["weight"], record["score"]]
                numbers += [v for v in (record.get("target"), record.get("actual")) if v and re.fullmatch(r"[-\d.,]+", v)]
            elif kind == "funds":
                numbers += [record[k] for k in ("initial_budget", "full_year_budget", "executed", "weight", "execution_rate", "score")]
            else:
                numbers.append(record["value"])
        if table["total"]:
            numbers += list(table["total"].values())
        for number in numbers:
            assert number is None or CANONICAL.match(number), (table["title"], number)


@pytest.mark.parametrize("name", SEED_FILES)
def test_every_gold_number_is_printed_in_its_table(name, gold, texts):
    _, text = texts[name]
    for table in gold[name]:
        region = region_text(table, text)
        for kind, record in records(table):
            if kind == "accounts":
                values = [record["value"]]
            elif kind == "funds":
                values = [record[k] for k in ("initial_budget", "full_year_budget", "executed", "weight", "execution_rate", "score")]
            else:
                values = [record["weight"], record["score"]]
                values += [v for v in (record.get("target"), record.get("actual")) if v and CANONICAL.match(v)]
            for value in values:
                if value is not None:
                    assert printed(value, region), (table["title"], record.get("name") or record.get("level3") or record.get("item"), value)
        for value in (table["total"] or {}).values():
            if value is not None:
                assert printed(value, region), (table["title"], "total", value)


@pytest.mark.parametrize("name", SEED_FILES)
def test_names_and_short_values_are_printed(name, gold, texts):
    """Strings of the gold are facts read in the document (names as printed, minus list markers)."""
    _, text = texts[name]
    squeezed = re.sub(r"[\s\u3000]", "", text)
    for table in gold[name]:
        for kind, record in records(table):
            record = resolved(record, text)
            fields = {"indicators": ("level1", "level2", "level3", "target", "actual", "unit", "deviation"),
                      "funds": ("item_label",), "accounts": ("name",)}[kind]
            for field in fields:
                value = record.get(field)
                if value and not (kind == "accounts" and table["label"] == "公开02表"):
                    assert re.sub(r"\s", "", value) in squeezed, (table["title"], field, value)


@pytest.mark.parametrize("name", SEED_FILES)
def test_stand_off_spans(name, gold, texts):
    _, text = texts[name]
    for table in gold[name]:
        start, end = table["region"]
        for _, record in records(table):
            for field in [f for f in record if f.endswith("_span")]:
                a, b = record[field]
                assert start <= a < b <= end
                assert "\n" not in text[a:b] and "\t" not in text[a:b]
                assert record[field[:-5]] is None


@pytest.mark.parametrize("name", SEED_FILES)
def test_record_counts(name, gold):
    found = [(t["kind"], len(t["indicators"]), len(t["funds"]), len(t["accounts"])) for t in gold[name]]
    assert found == EXPECTED_COUNTS[name]


def test_performance_arithmetic(gold):
    """Σ indicator weights + fund weight vs the 总分 weight, same for scores — the document's facts."""
    seen = set()
    for name in SEED_FILES:
        tables = gold[name]
        for i, table in enumerate(tables):
            if table["kind"] != "performance_indicators":
                continue
            seen.add((name, i))
            fund = None
            if i and tables[i - 1]["kind"] == "project_funds":
                fund = next(f for f in tables[i - 1]["funds"] if f["item"] == "年度资金总额")
            sums = []
            for field in ("weight", "score"):
                parts = [r[field] for r in table["indicators"] if r[field] is not None]
                if parts and fund and fund[field] is not None:
                    parts.append(fund[field])
                sums.append(sum(Decimal(p) for p in parts) if parts else None)
            expected = tuple(None if e is None else Decimal(e) for e in EXPECTED_SUMS[(name, i)])
            assert tuple(sums) == expected, (name, table["project"] or table["title"])
            total = table["total"] or {}
            for found_sum, field in zip(sums, ("weight", "score")):
                printed_total = total.get(field)
                if found_sum is not None and printed_total is not None and Decimal(printed_total) != found_sum:
                    assert "does not add up" in table["notes"], (name, table["project"], field)
            for record in table["indicators"]:
                if record["weight"] is not None and record["score"] is not None:
                    assert Decimal(record["score"]) <= Decimal(record["weight"])
    assert seen == set(EXPECTED_SUMS)


def test_known_rows():
    """A few rows spelled out, as read."""
    by_project = {}
    for name in SEED_FILES:
        for table in load(name):
            for record in table["indicators"]:
                by_project.setdefault((name[:3], record["project"]), []).append(record)
    first = by_project[("000", "城乡居民医疗救助")]
    assert len(first) == 12
    assert {k: first[0][k] for k in ("level1", "level2", "level3", "nature", "operator", "target", "actual", "unit", "weight", "score")} == {
        "level1": "产出指标", "level2": "数量指标", "level3": "医疗救助对象人次规模", "nature": "正向",
        "operator": ">", "target": "100", "actual": "100", "unit": "%", "weight": "7", "score": "7"}
    glued = by_project[("001", "城乡居民医疗保险代办")][0]
    assert (glued["operator"], glued["target"], glued["unit"]) == (">=", "284970", "人")
    named_unit = [r for r in by_project[("000", "2022中央财政医疗服务与保障能力提升补助资金")] if r["level3"] == "下乡稽核人数（人）"][0]
    assert named_unit["unit"] == "人"


def test_gold_copies_no_running_text(gold, texts):
    """Stand-off: cell values are short facts (≤ 40 characters; longer cells are spans) and the
    notes never reproduce a run of ≥ 29 characters of a seed."""
    for name in SEED_FILES:
        _, text = texts[name]
        for table in gold[name]:
            for _, record in records(table):
                for value in record.values():
                    assert not isinstance(value, str) or len(value) <= 40, (name, value)
            notes = table["notes"]
            for i in range(0, max(len(notes) - 24, 0), 5):
                assert notes[i : i + 25] not in text, (name, notes[i : i + 25])
