"""ToUnicode maps that name characters beyond U+FFFF correctly.

reportlab writes each subset's ToUnicode CMap entry as ``<code> <%04X>``, so 𠀀 (U+20000) comes
out as ``<20000>``: odd-length hex that PDF readers reject, and pypdf and pdftotext drop the
character (``doc verify`` would then call a genuine PDF altered). A PDF ToUnicode destination is
UTF-16BE, so a supplementary-plane character is written as its surrogate pair (``<D840DC00>``).
``install`` replaces reportlab's function with one that does this; BMP entries are unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence


def utf16_hex(code: int) -> str:
    return chr(code).encode("utf-16-be").hex().upper()


def to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """The CMap reportlab writes, with each destination in UTF-16BE."""
    return "\n".join([
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{utf16_hex(v)}>" for i, v in enumerate(subset)),
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ])


def install() -> None:
    """Use ``to_unicode_cmap`` for every TrueType subset reportlab embeds (idempotent)."""
    from reportlab.pdfbase import ttfonts

    ttfonts.makeToUnicodeCMap = to_unicode_cmap
