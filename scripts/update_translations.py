"""Collect the desktop's interface strings into the translation sources (Qt Linguist ``.ts``).

    python scripts/update_translations.py          # refresh ui/translations/gridapp_<lang>.ts
    python scripts/update_translations.py --check  # exit 1 if a string lacks a translation

Strings are found by ``pyside6-lupdate`` (calls of ``_tr``, ``tr`` and ``translate``) and kept
in one context, ``ui.language.CONTEXT``, keyed by their Chinese source text: the desktop looks
every string up there, whatever class it appears in. Existing translations are kept; strings no
longer in the code are dropped; new ones are added unfinished for a translator to fill in with
Qt Linguist (``pyside6-linguist``) or any editor. The setup step compiles the ``.ts`` into the
``.qm`` the app loads.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI = ROOT / "ui"
CATALOGUES = UI / "translations"
LANGUAGES = {"en": "en_US"}
CONTEXT = "gridapp"


def _lupdate() -> str:
    found = shutil.which("pyside6-lupdate") or str(Path(sys.executable).parent / "pyside6-lupdate")
    if not Path(found).exists():
        sys.exit("pyside6-lupdate not found: run the setup step first (scripts/test.sh)")
    return found


Key = tuple[str, str]  # (Chinese source text, disambiguation: "" or the second argument of _tr)


def extract() -> list[tuple[Key, str]]:
    """(key, location) of every interface string, in the order they appear."""
    sources = sorted(str(p.relative_to(ROOT)) for p in UI.rglob("*.py"))
    with tempfile.TemporaryDirectory() as tmp:
        ts = Path(tmp) / "all.ts"
        subprocess.run([_lupdate(), "-tr-function-alias", "tr+=_tr", "-no-obsolete",
                        "-locations", "absolute", *sources, "-ts", str(ts)],
                       cwd=ROOT, check=True, capture_output=True)
        tree = ET.parse(ts)  # noqa: S314 — lupdate output written just now, not outside input
        seen: dict[Key, str] = {}
        for message in tree.iter("message"):
            source = (message.findtext("source") or "", message.findtext("comment") or "")
            location = message.find("location")
            where = ""
            if location is not None and location.get("filename"):
                file = (Path(tmp) / str(location.get("filename"))).resolve()
                where = f"{file.relative_to(ROOT)}:{location.get('line')}"
            seen.setdefault(source, where)
    return list(seen.items())


def existing(path: Path) -> dict[Key, str]:
    if not path.exists():
        return {}
    found: dict[Key, str] = {}
    for message in ET.parse(path).iter("message"):  # noqa: S314 — the repository's own .ts
        translation = message.find("translation")
        text = "" if translation is None else (translation.text or "")
        if translation is not None and translation.get("type") != "unfinished" and text:
            found[(message.findtext("source") or "", message.findtext("comment") or "")] = text
    return found


def write(path: Path, language: str, strings: list[tuple[Key, str]],
          translations: dict[Key, str]) -> int:
    root = ET.Element("TS", version="2.1", language=language, sourcelanguage="zh_CN")
    context = ET.SubElement(root, "context")
    ET.SubElement(context, "name").text = CONTEXT
    missing = 0
    for source, where in strings:
        message = ET.SubElement(context, "message")
        if where:
            filename, _, line = where.rpartition(":")
            relative = os.path.relpath(ROOT / filename, CATALOGUES)
            ET.SubElement(message, "location", filename=relative, line=line)
        ET.SubElement(message, "source").text = source[0]
        if source[1]:
            ET.SubElement(message, "comment").text = source[1]
        translation = ET.SubElement(message, "translation")
        if source in translations:
            translation.text = translations[source]
        else:
            translation.set("type", "unfinished")
            missing += 1
    ET.indent(root)
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
                    + ET.tostring(root, encoding="unicode") + "\n", encoding="utf-8")
    return missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 if a string has no translation")
    args = parser.parse_args(argv)
    strings = extract()
    status = 0
    for code, language in LANGUAGES.items():
        path = CATALOGUES / f"gridapp_{code}.ts"
        translations = existing(path)
        if args.check:
            missing = [(s, w) for s, w in strings if s not in translations]
            for source, where in missing:
                note = f" ({source[1]})" if source[1] else ""
                print(f"{where}: no {code} translation: {source[0]!r}{note}")
            status |= bool(missing)
            continue
        CATALOGUES.mkdir(exist_ok=True)
        missing_count = write(path, language, strings, translations)
        print(f"{path.relative_to(ROOT)}: {len(strings)} strings, {missing_count} untranslated")
    return status


if __name__ == "__main__":
    sys.exit(main())
