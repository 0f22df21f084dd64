"""A corpus of generated 部门决算 documents for benchmarks and tests (no real document's text).

Each document has a title, narrative paragraphs with amounts, a change and its reason, and
two arithmetically consistent tables: a 支出决算表 (科目编码/科目名称, 本年支出合计 = 基本支出 +
项目支出, a 合计 row that sums the rows) and a “三公”经费 table (合计 = the sum of its items).
Each table is written in one of :data:`mbnlp.tables.render.LAYOUTS` by
:func:`~mbnlp.tables.render.render_grid`, taking turns so a corpus holds every layout. Departments,
subjects and numbers are drawn from a seeded RNG: the same seed gives the same corpus.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ..classification.data import classification
from ..tables.render import LAYOUTS, render_grid

PLACES = (
    "桐岭",
    "青川",
    "白河",
    "云溪",
    "石门",
    "松阳",
    "临泉",
    "安平",
    "鹤山",
    "柳江",
    "清源",
    "东坪",
    "南屏",
    "西陵",
    "北固",
    "长宁",
)
LEVELS = ("市", "县", "区", "旗")
DEPARTMENTS = ("医疗保障局", "医疗保障事务中心", "卫生健康委员会", "民政局", "人力资源和社会保障局", "财政局")
REASONS = (
    "参保人数增加，医疗救助资助参保支出相应增加",
    "上年一次性安排的信息系统建设项目已完成，本年未再安排",
    "在职人员调入，工资福利支出增加",
    "严格落实过紧日子要求，压减一般性支出",
    "年中追加了定点医药机构检查经费",
)
ACCOUNT_HEADER = ["科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出"]
THREE_PUBLIC_HEADER = ["项目", "预算数", "决算数"]
THREE_PUBLIC_ITEMS = ("因公出国（境）费", "公务用车购置及运行费", "公务接待费")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class GeneratedDocument:
    """A generated document: its ``text`` and the rows (header first) of each of its ``tables``,
    in text order, with the ``layouts`` they were written in."""

    text: str
    tables: tuple[list[list[str]], ...]
    layouts: tuple[str, ...]


def generate_document(rng: random.Random, index: int = 0) -> GeneratedDocument:
    """One document drawn from ``rng``; ``index`` picks the layouts (document ``i`` writes its tables
    in layouts ``2i`` and ``2i + 1`` of :data:`LAYOUTS`, modulo their number)."""
    department = f"{rng.choice(PLACES)}{rng.choice(LEVELS)}{rng.choice(DEPARTMENTS)}"
    year = rng.randint(2019, 2024)
    accounts = _account_rows(rng)
    three_public = _three_public_rows(rng)
    layouts = (LAYOUTS[(2 * index) % len(LAYOUTS)], LAYOUTS[(2 * index + 1) % len(LAYOUTS)])
    total = Decimal(accounts[1][2].replace(",", ""))
    basic = Decimal(accounts[1][3].replace(",", ""))
    previous = (total * Decimal(rng.uniform(0.8, 1.2))).quantize(CENT)
    change = total - previous
    direction, growth = ("增加", "增长") if change >= 0 else ("减少", "下降")
    rate = (abs(change) / previous * 100).quantize(CENT)
    people = rng.randint(8, 120)
    sections = [
        f"{department}\n{year}年度部门决算",
        "一、部门职责",
        f"{department}负责本地区医疗保障、社会救助和公共服务的组织实施，年末实有在职人员{people}人，"
        f"内设{rng.randint(3, 9)}个科室。",
        "二、收入支出决算总体情况说明",
        f"{year}年度支出总计{_money(total)}万元，其中基本支出{_money(basic)}万元，占{_percent(basic, total)}%。"
        f"与上年相比，支出总计{direction}{_money(abs(change))}万元，{growth}{rate}%。主要原因是{rng.choice(REASONS)}。",
        "支出决算表\n公开03表\n单位：万元",
        render_grid(accounts, layouts[0]),
        "三、“三公”经费支出情况说明",
        f"{year}年度“三公”经费支出{three_public[1][2]}万元，完成预算的{_percent(three_public[1][2], three_public[1][1])}%。",
        "“三公”经费支出表\n单位：万元",
        render_grid(three_public, layouts[1]),
        f"四、其他重要事项\n{year}年度政府采购支出总额{_money(Decimal(rng.randint(0, 90000)) / 100)}万元，"
        f"国有资产占用车辆{rng.randint(0, 6)}辆。",
    ]
    return GeneratedDocument("\n\n".join(sections) + "\n", (accounts, three_public), layouts)


def generate_corpus(out_dir: str | Path, megabytes: float, seed: int = 0) -> list[Path]:
    """Write generated documents (UTF-8 ``.txt``) into ``out_dir`` until they hold ``megabytes``
    MB (10⁶ bytes); returns their paths. The same ``seed`` writes the same files."""
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths: list[Path] = []
    written = 0
    while written < megabytes * 1_000_000:
        data = generate_document(rng, len(paths)).text.encode("utf-8")
        path = folder / f"doc_{len(paths):06d}.txt"
        path.write_bytes(data)
        paths.append(path)
        written += len(data)
    return paths


def _account_rows(rng: random.Random) -> list[list[str]]:
    """A 支出决算表: header, the 合计 row, then 项-level subjects with 合计 = 基本 + 项目."""
    subjects = [periods[-1].subject for periods in classification().periods.values()]
    items = sorted(
        rng.sample([subject for subject in subjects if len(subject.code) == 7], rng.randint(6, 24)),
        key=lambda subject: subject.code,
    )
    rows = []
    for subject in items:
        basic = Decimal(rng.randint(0, 80_000)) / 100
        project = Decimal(rng.randint(0, 50_000)) / 100 if rng.random() < 0.6 else Decimal("0.00")
        rows.append([subject.code, subject.name, _money(basic + project), _money(basic), _money(project)])
    sums = [sum((Decimal(row[column].replace(",", "")) for row in rows), Decimal("0.00")) for column in (2, 3, 4)]
    return [ACCOUNT_HEADER, ["", "合计", *map(_money, sums)], *rows]


def _three_public_rows(rng: random.Random) -> list[list[str]]:
    """A “三公”经费 table: header, the 合计 row, then its items."""
    budgets = [Decimal(rng.randint(0, 3_000)) / 100 for _ in THREE_PUBLIC_ITEMS]
    actuals = [(budget * Decimal(rng.uniform(0.5, 1.0))).quantize(CENT) for budget in budgets]
    rows = [
        [name, f"{budget:.2f}", f"{actual:.2f}"] for name, budget, actual in zip(THREE_PUBLIC_ITEMS, budgets, actuals)
    ]
    return [THREE_PUBLIC_HEADER, ["合计", f"{sum(budgets):.2f}", f"{sum(actuals):.2f}"], *rows]


def _money(value: Decimal) -> str:
    """``value`` with two decimals and thousands separators: ``2,340.07``."""
    return f"{value:,.2f}"


def _percent(part: Decimal | str, whole: Decimal | str) -> str:
    part, whole = Decimal(str(part).replace(",", "")), Decimal(str(whole).replace(",", ""))
    return f"{(part / whole * 100).quantize(CENT)}" if whole else "0.00"
