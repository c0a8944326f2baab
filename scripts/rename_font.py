"""Give a subset font its own names (the SIL OFL's Reserved Font Names stay with the original).

Usage: python scripts/rename_font.py IN.ttf OUT.ttf FAMILY POSTSCRIPT_NAME "NOTE"
Sets name IDs 1 (family), 3 (unique id), 4 (full name) and 6 (PostScript name); drops any
localised or typographic names that still carry the original name; keeps the copyright.
"""

from __future__ import annotations

import sys

from fontTools.ttLib import TTFont


def main(argv: list[str]) -> int:
    if len(argv) != 5:
        print(__doc__, file=sys.stderr)
        return 2
    src, out, family, postscript, note = argv
    font = TTFont(src)
    table = font["name"]
    table.names = [n for n in table.names if n.nameID in (0, 2, 5)]
    for name_id, value in ((1, family), (3, f"{postscript};{note}"), (4, f"{family} Regular"),
                           (6, postscript)):
        table.setName(value, name_id, 3, 1, 0x409)
    font.save(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
