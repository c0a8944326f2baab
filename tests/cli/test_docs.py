"""docs/CLI.md documents every command and every field of the case file."""

from __future__ import annotations

from pathlib import Path

from gridapp.caselog.intake import CASE_FIELDS, PARTY_FIELDS
from tests.cli.test_help_zh import all_parsers

DOC = Path(__file__).resolve().parents[2] / "docs" / "CLI.md"


def test_every_command_and_input_field_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    for prog, parser in all_parsers().items():
        words = prog.split()[1:]
        if not words:
            continue
        assert f"gridapp {' '.join(words)}" in text or f"gridapp --data-dir D {' '.join(words)}" in text, prog
        for action in parser._actions:
            for option in action.option_strings:
                if option.startswith("--") and option not in ("--help", "--data-dir", "--json"):
                    assert option in text, (prog, option)
    for name in CASE_FIELDS | PARTY_FIELDS:
        assert f"`{name}`" in text, name
