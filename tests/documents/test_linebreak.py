"""Chinese line breaking: 禁则 holds for every line, Latin words and numbers stay whole."""

from __future__ import annotations

import random
from itertools import accumulate

from gridapp.documents.linebreak import CLOSING, OPENING, _legal_break, break_lines, tokenize
from gridapp.documents.text import canonical_text, format_money, mask_id, mask_ids_in


def measure(text: str) -> float:
    return sum(0.5 if ord(c) < 128 else 1.0 for c in text)


def _unbreakable_run_at(text: str, offset: int) -> str:
    """The run of tokens around ``offset`` with no legal break between any two of them."""
    tokens = tokenize(text)
    ends = list(accumulate(len(t) for t in tokens))
    k = ends.index(offset)  # the break falls after tokens[k]
    lo, hi = k, k + 1
    while lo > 0 and not _legal_break(tokens[lo - 1], tokens[lo]):
        lo -= 1
    while hi + 1 < len(tokens) and not _legal_break(tokens[hi], tokens[hi + 1]):
        hi += 1
    return "".join(tokens[lo:hi + 1])


def test_no_line_starts_with_closing_or_ends_with_opening() -> None:
    """禁则 holds at every break except inside an unbreakable run wider than the line, and no
    line is wider than the line."""
    rng = random.Random(5)
    pool = "城管执法人员现场检查当事人设摊经营" + "，。、；：？！）》」』”" + "（《「『“"
    forced = 0
    for _ in range(400):
        text = "".join(rng.choice(pool) for _ in range(rng.randrange(5, 80)))
        width = rng.randrange(4, 20)
        lines = break_lines(text, width, measure)
        assert "".join(lines) == text
        offset = 0
        for i, line in enumerate(lines):
            assert measure(line) <= width, (text, width, lines)
            offset += len(line)
            if i == len(lines) - 1:
                break
            nxt = lines[i + 1]
            if (nxt and nxt[0] in CLOSING) or (line and line[-1] in OPENING):
                forced += 1
                assert measure(_unbreakable_run_at(text, offset)) > width, (text, width, lines)
    assert forced < 20  # the exception is rare


def test_a_run_longer_than_the_line_is_broken_between_characters() -> None:
    word = "AbcdefghijKLMNOPQRST0123456789" * 50
    lines = break_lines("网址：" + word + "。", 20, measure)
    assert "".join(lines) == "网址：" + word + "。"
    assert all(measure(line) <= 20 for line in lines)
    assert len(lines) > 30
    assert break_lines("，" * 50, 10, measure) == ["，" * 10] * 5


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
