"""Details of the 笔录 a case-file review (案卷评查) checks beyond their dates:

- ``record_recusal_repeated``: an 询问笔录 asks about 回避 once — its notice asks "你是否申请回避？"
  and the answer is the field ``recusal_answer`` (行政处罚法第四十三条); the same question again in
  the Q/A makes two answers that may disagree, so the record is refused until it is asked once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from gridapp.documents.fill import GateView
from gridapp.documents.templates import Template

RECUSAL_QUESTION = re.compile(r"回避")


def recusal_asked(values: Mapping[str, Any]) -> list[int]:
    """Positions (1-based) of the Q/A pairs whose question is about 回避."""
    pairs = values.get("qa")
    if not isinstance(pairs, list):
        return []
    return [i for i, pair in enumerate(pairs, start=1)
            if isinstance(pair, dict) and RECUSAL_QUESTION.search(str(pair.get("q") or ""))]


def record_detail_gates(template: Template, values: Mapping[str, Any]) -> list[GateView]:
    names = {f.name for f in template.fields}
    if not {"recusal_answer", "qa"} <= names:
        return []
    repeated = recusal_asked(values)
    if not repeated:
        return []
    where = "、".join(f"第{i}问" for i in repeated)
    return [GateView(
        "record_recusal_repeated", True,
        f"{template.title}的告知部分已询问是否申请回避，问答记录的{where}又问了一次回避，"
        "同一事项有两处答复",
        "《行政处罚法》第四十三条、第五十五条",
        "请删去问答记录中的回避问答，把被询问人的答复填在“被询问人对回避的答复”",
    )]
