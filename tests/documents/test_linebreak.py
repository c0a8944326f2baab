"""Chinese line breaking: 禁则 holds for every line, Latin words and numbers stay whole."""

from __future__ import annotations

import random

from gridapp.documents.linebreak import CLOSING, OPENING, break_lines
from gridapp.documents.text import canonical_text, format_money, mask_id, mask_ids_in


def measure(text: str) -> float:
    return sum(0.5 if ord(c) < 128 else 1.0 for c in text)


def test_no_line_starts_with_closing_or_ends_with_opening() -> None:
    rng = random.Random(5)
    pool = "城管执法人员现场检查当事人设摊经营" + "，。、；：？！）》」』”" + "（《「『“"
    for _ in range(400):
        text = "".join(rng.choice(pool) for _ in range(rng.randrange(5, 80)))
        width = rng.randrange(4, 20)
        lines = break_lines(text, width, measure)
        assert "".join(lines) == text
        for i, line in enumerate(lines):
            if i > 0 and line:
                assert line[0] not in CLOSING, (text, width, lines)
            if i < len(lines) - 1 and line:
                assert line[-1] not in OPENING, (text, width, lines)


def test_closing_mark_pulls_the_previous_character_down() -> None:
    assert break_lines("一二三四。五", 4, measure) == ["一二三", "四。五"]


def test_numbers_and_words_are_not_split() -> None:
    lines = break_lines("罚款金额为12345678元整", 8, measure)
    assert any("12345678" in line for line in lines)


def test_masking_and_money() -> None:
    assert mask_id("310101199001011234") == "3101**********1234"
    assert mask_ids_in("身份证：310101199001011234，电话13800138000") == "身份证：3101**********1234，电话13800138000"
    assert format_money("10500") == "10,500元（大写：壹万零伍佰元整）"
    assert canonical_text("第 1 页 共 2 页 正文\n310101199001011234") == "正文3101**********1234"
