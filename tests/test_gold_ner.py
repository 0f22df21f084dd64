"""The NER gold (annotations/ner): it loads and validates, it refuses a changed document,
and it holds the facts a person reads in the seeds.

The facts below were read in the seed documents. Each names a short context string, the
spans the gold must hold inside it (surface, label) and the spans it must not hold. The
context is located in the seed text at test time (every occurrence inside the annotated
regions is checked), so no seed text is stored here beyond these short facts.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from mbnlp.annotations import LABELS, GoldAnnotationError, GoldDocument, load_gold

GOLD_DIR = Path(__file__).resolve().parents[1] / "annotations" / "ner"
OWN_DIR = GOLD_DIR / "own"
SEED_FILES = sorted(path for path in GOLD_DIR.glob("0*.jsonl"))

A, U, C, R = "AMOUNT", "UNIT", "ACCOUNT", "REASON"


@pytest.fixture(scope="module")
def gold(seeds_dir: Path) -> dict[str, GoldDocument]:
    """Every gold document by its ``doc`` name (seed names, ``own/…``)."""
    return {document.doc: document for document in load_gold(GOLD_DIR, None)}


def seed_gold(gold: dict[str, GoldDocument], prefix: str) -> GoldDocument:
    matches = [document for name, document in gold.items() if name.startswith(prefix)]
    assert len(matches) == 1, f"one gold document for seed {prefix}"
    return matches[0]


# --- loading and validation --------------------------------------------------------------


def test_all_gold_files_load_with_matching_hashes(gold: dict[str, GoldDocument], seeds_dir: Path) -> None:
    assert len(SEED_FILES) == 5
    seeds = {path.name: path for path in seeds_dir.glob("*.txt")}
    assert set(seeds) <= set(gold), "every seed has a gold line"
    for name, path in seeds.items():
        assert gold[name].sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        assert gold[name].spans and gold[name].regions
    for document in gold.values():
        assert {label for _, _, label in document.spans} <= set(LABELS)


def test_every_label_is_annotated_somewhere(gold: dict[str, GoldDocument]) -> None:
    for label in LABELS:
        assert sum(len(document.by_label(label)) for document in gold.values()) >= 50


def test_seed_gold_holds_no_running_text() -> None:
    for path in SEED_FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            assert "text" not in record
            assert set(record) <= {"doc", "sha256", "spans", "regions", "guideline", "method", "regions_from"}
            assert all(isinstance(x, int) for span in record["spans"] for x in span[:2])


def test_a_tampered_seed_is_refused(seeds_dir: Path, tmp_path: Path) -> None:
    gold_file = next(path for path in SEED_FILES if path.name.startswith("000"))
    for path in seeds_dir.glob("*.txt"):
        shutil.copy(path, tmp_path / path.name)
    load_gold(gold_file, tmp_path)  # the untouched copy is accepted
    target = next(tmp_path.glob("000_*.txt"))
    target.write_bytes(target.read_bytes().replace(b"1447.71", b"1447.72", 1))
    with pytest.raises(GoldAnnotationError, match="sha256 mismatch"):
        load_gold(gold_file, tmp_path)


def test_a_missing_document_is_refused(tmp_path: Path) -> None:
    gold_file = SEED_FILES[0]
    with pytest.raises(GoldAnnotationError, match="not found"):
        load_gold(gold_file, tmp_path)


def write_line(tmp_path: Path, **record: object) -> Path:
    path = tmp_path / "gold.jsonl"
    base: dict[str, object] = {"doc": "own/t.txt", "text": "收入总计1447.71万元，变动原因：人员增加。"}
    base.update(record)
    base.setdefault("regions", [[0, len(str(base["text"]))]])
    path.write_text(json.dumps(base, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"spans": [[4, 11, "MONEY"]]}, "unknown label"),
        ({"spans": [[4, 11, "AMOUNT"], [9, 13, "AMOUNT"]]}, "overlapping AMOUNT"),
        ({"spans": [[4, 11, "AMOUNT"]], "regions": [[12, 24]]}, "not inside an annotated region"),
        ({"spans": [[20, 40, "REASON"]]}, "outside the text"),
        ({"spans": [[4, 12, "AMOUNT"]], "text": "收入总计 1447.71万元，变动原因：人员增加。"}, "whitespace"),
        ({"spans": [[4, 11, "AMOUNT"]], "sha256": "0" * 64}, "sha256 mismatch"),
        ({"spans": [[4, 11]]}, "bad span"),
        ({"spans": [], "regions": []}, "regions"),
    ],
)
def test_invalid_gold_is_refused(tmp_path: Path, record: dict, message: str) -> None:
    with pytest.raises(GoldAnnotationError, match=message):
        load_gold(write_line(tmp_path, **record))


def test_spans_of_different_labels_may_nest(tmp_path: Path) -> None:
    text = "变动原因：人员增加导致工会经费增加。"
    reason = [5, 17, "REASON"]
    account = [text.index("工会经费"), text.index("工会经费") + 4, "ACCOUNT"]
    (document,) = load_gold(write_line(tmp_path, text=text, regions=[[0, len(text)]], spans=[reason, account]))
    assert document.span_text(tuple(account)) == "工会经费"
    assert document.span_text(tuple(reason)) == "人员增加导致工会经费增加"


# --- documents we wrote ourselves --------------------------------------------------------


def test_own_documents_match_their_files() -> None:
    documents = load_gold(GOLD_DIR / "own.jsonl")
    files = {f"own/{path.name}": path for path in OWN_DIR.glob("*.txt")}
    assert len(documents) >= 4
    assert {document.doc for document in documents} == set(files)
    for document in documents:
        assert files[document.doc].read_text(encoding="utf-8") == document.text
        assert 1000 <= len(document.text.encode("utf-8")) <= 3072
        assert document.regions == [(0, len(document.text))]


# --- facts read in the seeds -------------------------------------------------------------

# (seed, context, spans the gold holds inside the context, spans it must not hold there)
FACTS: list[tuple[str, str, list[tuple[str, str]], list[tuple[str, str]]]] = [
    # 000: 万元 决算说明
    ("000", "与年初预算2520.34万元相比", [("2520.34", A), ("万元", U)], []),
    ("000", "2022年度", [], [("2022", A)]),
    (
        "000",
        "（一）收入决算总计1447.71万元",
        [("收入决算总计", C), ("1447.71", A), ("万元", U)],
        [("（一）", A), ("一", A)],
    ),
    ("000", "收入总计减少      万元，减少1072.63，", [("收入总计", C), ("1072.63", A)], [("万元", U)]),
    (
        "000",
        "变动原因：部分社保资金项目支出决算时在财政部门列支；",
        [("部分社保资金项目支出决算时在财政部门列支", R), ("项目支出", C)],
        [("；", R)],
    ),
    ("000", "宣传事务（款）宣传管理（项）", [("宣传事务", C), ("宣传管理", C)], [("（款）", C), ("（项）", C)]),
    ("000", "一般公共服务类决算数为0.55万元", [("一般公共服务", C), ("0.55", A), ("万元", U)], [("一般公共服务类", C)]),
    (
        "000",
        "基本工资118.3万元、津贴补贴97.74万元",
        [("基本工资", C), ("118.3", A), ("万元", U), ("津贴补贴", C), ("97.74", A), ("万元", U)],
        [],
    ),
    ("000", "差异原因：无差异。", [("无差异", R)], []),
    ("000", "变动原因：无此项内容。", [("无此项内容", R)], []),
    ("000", "与预算差异原因缩减三公经费支出", [("缩减三公经费支出", R), ("三公经费", C)], []),
    ("000", "财政拨款“三公”经费预算4.5万元", [("财政拨款“三公”经费", C), ("4.5", A), ("万元", U)], []),
    (
        "000",
        "单价100万元（含）以上的设备（不含车辆）0台（套）",
        [("100", A), ("万元", U), ("0", A), ("台（套）", U)],
        [],
    ),
    ("000", "发现违规使用医保基金问题10余项", [("10", A), ("项", U)], [("余项", U)]),
    ("000", "项目自评得分89.68分", [("89.68", A), ("分", U)], []),
    ("000", "支出决算3.59      万元", [("3.59", A), ("万元", U)], []),
    ("000", "减少55.5%", [("55.5", A), ("%", U)], []),
    ("000", "联系电话：0475-3215769", [], [("0475", A), ("3215769", A)]),
    ("000", "（通医保办发【2022】103号）", [], [("2022", A), ("103", A)]),
    ("000", "“2022中央医疗服务能力提升补助资金项目”", [], [("2022", A)]),
    ("000", "大病保险和医疗救助报销", [], [("医疗救助", C)]),
    # 001: 绩效自评报告
    ("001", "资助资金212.54万元", [("212.54", A), ("万元", U)], []),
    ("001", "医疗救助共计11849人次", [("11849", A), ("人次", U)], [("医疗救助", C)]),
    ("001", "打造“15分钟医保服务圈”", [], [("15", A), ("分", U)]),
    ("001", "资料8万余册", [("8", A), ("万", U)], []),
    ("001", "由70万降到3.3万", [("70", A), ("万", U), ("3.3", A), ("万", U)], []),
    ("001", "困难群众10703 人", [("10703", A), ("人", U)], []),
    ("001", "附件1：", [], [("1", A)]),
    # 002: OCR Markdown 决算
    ("002", "收、支总计均为 11229.01 万元", [("收、支总计", C), ("11229.01", A), ("万元", U)], []),
    ("002", "基本工资 272.26 万\n\n元", [("基本工资", C), ("272.26", A), ("万\n\n元", U)], [("万", U)]),
    ("002", "例如 2101550 事业运行", [("事业运行", C)], [("2101550", A)]),
    ("002", "一般公共服务（类）支出 628.04 万元", [("一般公共服务", C), ("628.04", A), ("万元", U)], [("支出", C)]),
    (
        "002",
        "“三公”经费财政拨款支出全年预算为6.55万元",
        [("“三公”经费", C), ("6.55", A), ("万元", U)],
        [("财政拨款支出", C)],
    ),
    (
        "002",
        "主要原因是 2023 年收入中包含医疗保险基金，2022 年收入中不包含此项费用。",
        [("2023 年收入中包含医疗保险基金，2022 年收入中不包含此项费用", R)],
        [("2023", A), ("2022", A)],
    ),
    ("002", "单位：万元", [("万元", U)], []),
    ("002", "图 1: 收、支决算总计", [("收、支决算总计", C)], [("1", A)]),
    ("002", "发现的问题及原因：一是队伍建设还不够全面", [], [("一是队伍建设还不够全面", R)]),
    ("002", "分值区间 100-80%（含 80%）", [("100", A), ("80", A), ("%", U), ("80", A), ("%", U)], []),
    ("002", "维修(护)费 0.48 万元", [("维修(护)费", C), ("0.48", A), ("万元", U)], []),
    ("002", "因公出国(境)费全年预算为0万元", [("因公出国(境)费", C), ("0", A), ("万元", U)], []),
    ("002", "公开 01 表", [], [("01", A)]),
    ("002", "宣传展板 16 副", [("16", A), ("副", U)], []),
    # 003: 决算公开表 (titles and notes only)
    ("003", "金额单位：元", [("元", U)], []),
    ("003", "单价200万元以上大型设备", [("200", A), ("万元", U)], []),
    ("003", "“机关运行经费”填列", [("机关运行经费", C)], [("“机关运行经费”", C)]),
    ("003", "公开14.2表", [], [("14.2", A)]),
    ("003", "一般公共预算财政拨款基本支出决算表", [("一般公共预算财政拨款基本支出", C)], []),
    ("003", "资产总额=流动资产+固定资产", [], [("资产总额", C), ("固定资产", C)]),
    # 004: 元 决算公开说明
    ("004", "财政拨款收入174,399,542.21元", [("财政拨款收入", C), ("174,399,542.21", A), ("元", U)], []),
    ("004", "“进修及培训”（款，下同）", [("进修及培训", C)], [("“进修及培训”", C)]),
    ("004", "比去年提高6.37个百分点", [("6.37", A), ("个百分点", U)], []),
    ("004", "参保人数32.13万人", [("32.13", A), ("万人", U)], []),
    ("004", "17.37亿元", [("17.37", A), ("亿元", U)], []),
    ("004", "主要减少原因:车辆燃料费及车辆运行费降低。", [("车辆燃料费及车辆运行费降低", R)], []),
    ("004", "房屋面积0平方米", [("0", A), ("平方米", U)], []),
    ("004", "年度指标值≧80%", [("80", A), ("%", U)], [("≧80", A)]),
    ("004", "评价得分在80-90分（含80分）", [("80", A), ("90", A), ("分", U), ("80", A), ("分", U)], []),
    ("004", "建立12345市民热线", [], [("12345", A)]),
    ("004", "一般公共支出财政拨款项目支出", [("一般公共支出财政拨款项目支出", C)], []),
    (
        "004",
        "包括基本工资、津贴补贴、奖金、伙食补助费",
        [("基本工资", C), ("津贴补贴", C), ("奖金", C), ("伙食补助费", C)],
        [],
    ),
    ("004", "增长0 %", [("0", A), ("%", U)], []),
    (
        "004",
        "2022年“三公”经费财政拨款决算数11,818.54元",
        [("“三公”经费", C), ("11,818.54", A), ("元", U)],
        [("2022", A)],
    ),
    ("004", "PAGE  \n14", [], [("14", A)]),
    ("004", "主要原因：同年初预算相同。", [("同年初预算相同", R)], []),
    ("004", "近33万余份", [("33", A), ("万", U)], []),
    ("004", "公务用车其他支出0元", [("0", A), ("元", U)], [("其他支出", C)]),
]


@pytest.mark.parametrize(("seed", "context", "present", "absent"), FACTS, ids=[f"{f[0]}:{f[1][:12]}" for f in FACTS])
def test_fact_read_in_the_seed(
    gold: dict[str, GoldDocument],
    seed: str,
    context: str,
    present: list[tuple[str, str]],
    absent: list[tuple[str, str]],
) -> None:
    document = seed_gold(gold, seed)
    check_context(document, context, present, absent)


def test_the_facts_cover_every_seed_and_label() -> None:
    assert len(FACTS) >= 40
    assert {fact[0] for fact in FACTS} == {"000", "001", "002", "003", "004"}
    assert {label for fact in FACTS for _, label in fact[2]} == set(LABELS)


OWN_FACTS = [
    ("own/weijian_budget_2024.txt", "总计11229.01 万元", [("11229.01", A), ("万元", U)], []),
    ("own/weijian_budget_2024.txt", "增减率为-2.3%", [("-2.3", A), ("%", U)], []),
    ("own/weijian_budget_2024.txt", "提高3个百分点", [("3", A), ("个百分点", U)], []),
    ("own/zhujian_final_accounts_fullwidth.txt", "增减（56.40）万元", [("（56.40）", A), ("万元", U)], []),
    ("own/zhujian_final_accounts_fullwidth.txt", "增减率为－2.3％", [("－2.3", A), ("％", U)], []),
    ("own/zhujian_final_accounts_fullwidth.txt", "４５６７．８９万元", [("４５６７．８９", A), ("万元", U)], []),
    ("own/renshe_final_accounts_2023_ocr.txt", "财政拨\n款收入", [("财政拨\n款收入", C)], []),
    (
        "own/renshe_final_accounts_2023_ocr.txt",
        "差异原因：基础养老\n金最低标准上调，年中追加补助资金。",
        [("基础养老\n金最低标准上调，年中追加补助资金", R)],
        [],
    ),
    ("own/minzheng_final_accounts_2023.txt", "提高到780元/人", [("780", A), ("元/人", U)], []),
    ("own/minzheng_final_accounts_2023.txt", "相比减少      万元", [], [("万元", U)]),
    (
        "own/weijian_performance_2023.txt",
        "主要原因：一是第四季度中央补助资金到位较晚，部分服务费用未能在年内结算。二是",
        [("一是第四季度中央补助资金到位较晚，部分服务费用未能在年内结算", R)],
        [("二是", R)],
    ),
]


@pytest.mark.parametrize(("doc", "context", "present", "absent"), OWN_FACTS, ids=[f[1][:12] for f in OWN_FACTS])
def test_fact_in_own_documents(
    gold: dict[str, GoldDocument], doc: str, context: str, present: list[tuple[str, str]], absent: list[tuple[str, str]]
) -> None:
    check_context(gold[doc], context, present, absent)


def check_context(
    document: GoldDocument, context: str, present: list[tuple[str, str]], absent: list[tuple[str, str]]
) -> None:
    """Every occurrence of ``context`` inside the annotated regions holds the ``present``
    spans (each surface is looked for after the start of the previous one, so the list
    reads left to right and a nested span follows its container), and no span of an ``absent``
    label overlaps that surface other than the ``present`` spans."""
    text = document.text
    starts = []
    position = text.find(context)
    while position >= 0:
        if any(start <= position and position + len(context) <= end for start, end in document.regions):
            starts.append(position)
        position = text.find(context, position + 1)
    assert starts, f"{context!r} not found inside the annotated regions of {document.doc}"
    spans = set(document.spans)
    for start in starts:
        end = start + len(context)
        expected = set()
        search_from = start
        for surface, label in present:
            offset = text.find(surface, search_from, end)
            assert offset >= 0, f"{surface!r} not found in {context!r} after offset {search_from - start}"
            search_from = offset + 1
            expected.add((offset, offset + len(surface), label))
            assert (offset, offset + len(surface), label) in spans, (
                f"{document.doc}: expected {label} {surface!r} at {offset} in {context!r}; "
                f"found {[(document.span_text(s), s[2]) for s in document.spans if start <= s[0] < end]}"
            )
        for surface, label in absent:
            offset = text.find(surface, start, end)
            assert offset >= 0, f"{surface!r} not found in {context!r}"
            clash = [
                s
                for s in document.spans
                if s[2] == label and s[0] < offset + len(surface) and offset < s[1] and s not in expected
            ]
            assert not clash, (
                f"{document.doc}: unexpected {label} {[document.span_text(s) for s in clash]} in {context!r}"
            )
