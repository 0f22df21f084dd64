"""Build mbnlp/segmentation/data/domain_dict.txt, the jieba dictionary of budget words.

    python scripts/build_domain_dict.py           # rewrite the dictionary
    python scripts/build_domain_dict.py --check   # exit 1 if the file is out of date

Entries are ``word freq tag`` (jieba's format), grouped by tag, each group sorted:

* ``item``: a line of the standard statements (:data:`LINE_ITEMS`);
* ``acc``: any other name in the classification TSVs (mbnlp/classification/data) or
  their aliases — ``item`` and ``acc`` words are the ACCOUNT names of SPEC §3;
* ``unit``: a unit of :data:`mbnlp.normalize.UNITS` written in Chinese characters;
* ``term``: other budget and 医保 words that should stay whole (:data:`TERMS`);
* the words of :data:`SPLIT` come last, with frequency 0 and no tag: jieba drops them.

Every word has at least two characters and no digit (jieba never sees digits:
numbers are split off before it).

``freq`` is the smallest frequency that makes jieba keep the word whole against its
own default segmentation (jieba's ``suggest_freq``), raised to at least
``FLOOR[len(word)]``, so that a name also stays whole next to other words; a short
word is not raised far, so that it does not split longer everyday words
(``电费`` must not break ``水电费``).
"""

from __future__ import annotations

import argparse
import csv
import logging
import sys
from pathlib import Path

import jieba

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mbnlp.normalize import UNITS

CLASSIFICATION = ROOT / "mbnlp" / "classification" / "data"
OUTPUT = ROOT / "mbnlp" / "segmentation" / "data" / "domain_dict.txt"
FLOOR = {2: 0, 3: 50, 4: 500}
LONG_FLOOR = 2000


def words(text: str) -> list[str]:
    """The words of a whitespace-separated list."""
    return text.split()


LINE_ITEMS = words(
    """
一般公共预算财政拨款收入 政府性基金预算财政拨款收入 国有资本经营预算财政拨款收入 财政拨款收入
一般公共预算拨款收入 政府性基金预算拨款收入 国有资本经营预算拨款收入 财政专户管理资金收入
上级补助收入 事业收入 经营收入 事业单位经营收入 附属单位上缴收入 其他收入 本年收入合计
使用非财政拨款结余 使用非财政拨款结余和专用结余 使用专用结余 年初结转和结余
年初财政拨款结转和结余 上年结转结余 上年结转 单位资金 收入总计
一般公共预算财政拨款支出 政府性基金预算财政拨款支出 国有资本经营预算财政拨款支出 财政拨款支出
基本支出 项目支出 上缴上级支出 经营支出 对附属单位补助支出 本年支出合计 结余分配
年末结转和结余 年末财政拨款结转和结余 结转下年 支出总计
基本支出合计 项目支出合计 人员经费 公用经费 人员经费合计 公用经费合计 日常公用经费 机关运行经费
“三公”经费 "三公"经费 ‘三公’经费 三公经费 因公出国（境）费 公务用车购置及运行维护费
公务用车购置及运行费 公务用车购置费 公务用车运行维护费 公务用车运行费 公务接待费
国内公务接待费 外事接待费 外宾接待费
一般公共预算财政拨款 政府性基金预算财政拨款 国有资本经营预算财政拨款 非财政拨款结余 专用结余
"""
)
"""Lines of the standard statements (T1–T7 of SPEC §4 and their 预算 counterparts)."""

TERMS = words(
    """
年初预算 年初预算数 全年预算 全年预算数 调整预算 决算数 预算数 上年决算 上年决算数 本年决算
增减额 增减率 完成率 执行率 预算执行率 全年执行数 执行数 决算总计 收支总计 收入合计 支出合计
科目编码 科目名称 科目代码 功能分类 经济分类 支出功能分类 部门经济分类 政府经济分类 财政拨款
结转和结余 结转结余 年初结转 年末结转 绩效自评 绩效目标 绩效指标 一级指标 二级指标 三级指标
产出指标 效益指标 满意度指标 成本指标 数量指标 质量指标 时效指标 指标值 年度指标值 实际完成值
偏差原因 改进措施 政府采购 政府购买服务 国有资产 部门决算 部门预算 决算说明 预算说明
医疗保障 医疗保障局 医疗保障服务中心 医疗保险服务中心 医保局 医保中心 医保基金 医保服务 医保经办
医保目录 医保支付 医保待遇 医保电子凭证 医保信息平台 医疗保险 医疗保险基金 基本医疗保险
城乡居民基本医疗保险 城镇职工基本医疗保险 职工基本医疗保险 城乡居民医保 职工医保 居民医保 大病保险
生育保险 长期护理保险 医疗救助 城乡医疗救助 医疗救助对象 重特大疾病 住院救助 门诊救助
异地就医 定点医药机构 定点医疗机构 定点零售药店 带量采购 集中带量采购 医用耗材 医疗服务价格
门诊统筹 门诊共济 个人账户 统筹基金 参保人数 参保率 参保缴费 基金监管 基金征缴 欺诈骗保
特困人员 低保对象 经办服务 按病种分值付费
"""
)
"""Budget-document and 医保 words that are not accounts."""

SPLIT = ["经费支出", "无政府"]
"""Words of jieba's own dictionary that glue an account name to the next or previous
word (``“三公”经费支出``, ``无政府性基金…``); written with frequency 0, jieba's mark of a
word to split."""

AFFIXES = (("使用", ""), ("", "收入"), ("", "支出"))
"""An account name that is another account name with one of these words before or after
it (``使用非财政拨款结余``, ``政府性基金预算财政拨款收入``) keeps its tag but gets
frequency 0: jieba splits it at the inner name, so the ACCOUNT boundary of SPEC §3
(``机关事业单位职业年金缴费`` + ``支出``) is a token boundary, and the rules still find
the whole name over two tokens."""


def compounds(names: set[str]) -> set[str]:
    """The names of ``names`` made of another name and an affix of :data:`AFFIXES`."""
    return {
        name
        for name in names
        for prefix, suffix in AFFIXES
        if name.startswith(prefix) and name.endswith(suffix) and name[len(prefix) : len(name) - len(suffix)] in names
    }


def names_from_classification() -> list[str]:
    """Every name and alias in the classification TSVs (none if they are not there yet)."""
    names = []
    for file_name, column in (("functional.tsv", "name"), ("economic.tsv", "name"), ("aliases.tsv", "alias")):
        path = CLASSIFICATION / file_name
        if path.exists():
            with path.open(encoding="utf-8", newline="") as rows:
                names += [row[column].strip() for row in csv.DictReader(rows, delimiter="\t")]
    return names


def build() -> str:
    """The dictionary's text."""
    segmenter = jieba.Tokenizer()
    logging.getLogger("jieba").setLevel(logging.WARNING)
    segmenter.initialize()
    tagged = {
        "item": set(LINE_ITEMS),
        "acc": set(names_from_classification()),
        "unit": {unit for unit in UNITS if all("\u4e00" <= char <= "\u9fff" for char in unit)},
        "term": set(TERMS),
    }
    split = compounds(tagged["item"] | tagged["acc"])
    seen: set[str] = set()
    lines = []
    for tag, words in tagged.items():
        for word in sorted(words - seen):
            if len(word) < 2 or any(char.isdigit() for char in word):
                continue
            seen.add(word)
            floor = FLOOR.get(len(word), LONG_FLOOR)
            freq = 0 if word in split else max(segmenter.suggest_freq(word), floor)
            lines.append(f"{word} {freq} {tag}")
    lines += [f"{word} 0" for word in SPLIT]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the file is up to date")
    arguments = parser.parse_args()
    text = build()
    if arguments.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT.relative_to(ROOT)} is out of date: run scripts/build_domain_dict.py", file=sys.stderr)
            return 1
        return 0
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {len(text.splitlines())} entries to {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
