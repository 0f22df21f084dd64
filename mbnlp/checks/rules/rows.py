"""Within a row: a total column equals the sum of the columns its header puts under it
(本年收入合计 = Σ sources, 本年支出合计 = 基本支出 + 项目支出 + …, T4 合计 = Σ fund columns)."""

from __future__ import annotations

from collections.abc import Iterator

from ...records import Check
from ..columns import row_identities
from ..document import CheckContext
from ..facts import printed
from ..registry import rule
from ..verdict import skip_check, sum_check

NOT_ROW_TABLES = ("performance_indicators", "project_funds", "three_public")


@rule(
    "row.total_equals_components",
    zh="行内：合计列 = 其下各组成列之和（本年收入合计 = 各项收入；本年支出合计 = 基本支出 + 项目支出 + …）",
    en="Within a row: a total column equals the sum of the columns its header groups under it",
)
def total_equals_components(context: CheckContext) -> Iterator[Check | None]:
    for view in context.views:
        if view.table.kind in NOT_ROW_TABLES:
            continue
        for group in view.groups():
            lines = [line for line in view.lines if line.group == group]
            shown = [c for c in view.value_columns(group) if any(printed(line.values.get(c)) for line in lines)]
            identities, ambiguities = row_identities({column: view.label(column) for column in shown})
            for ambiguity in ambiguities:
                totals = "、".join(ambiguity.totals)
                node = ambiguity.node or "（顶层）"
                message = f"{view.caption}：表头“{node}”下有多个合计列（{totals}），无法确定行内恒等式。"
                yield skip_check("row.total_equals_components", message)
            for identity in identities:
                words = " + ".join(view.label(part) for part in identity.parts)
                for line in lines:
                    row = " ".join(part for part in (line.code, line.name) if part) or (
                        "合计" if line.total else "（无名称行）"
                    )
                    subject = f"{view.caption} · {row}：{view.label(identity.total)} = {words}"
                    parts = [line.values.get(part) for part in identity.parts]
                    yield sum_check("row.total_equals_components", subject, line.values.get(identity.total), parts)
