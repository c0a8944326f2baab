"""Interface language: Simplified Chinese (the source language) or English.

Contract: ``install(app, settings)`` reads the chosen language (``ui/language`` in the settings,
or ``$GRIDAPP_LANG``; default Chinese) once at start and installs Qt's own translations and the
app's compiled catalogue (``ui/translations/gridapp_<lang>.qm``, built from the ``.ts`` source by the
setup step). A missing catalogue leaves the interface in Chinese and is logged. A change takes
effect at the next start.
"""

from __future__ import annotations

import logging
import os
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtWidgets import QApplication

from gridapp.vocab import Vocabulary

log = logging.getLogger(__name__)

SETTING = "ui/language"
CHOICES = (("zh_CN", "简体中文"), ("en", "English"))
CATALOGUES = Path(__file__).parent / "translations"
# Every interface string is looked up in this one context: the catalogue is keyed by the Chinese
# source text alone (scripts/update_translations.py folds lupdate's per-class contexts into it).
CONTEXT = "gridapp"


def tr(text: str, note: str | None = None) -> str:
    """The interface text for the Chinese source ``text`` in the chosen language; ``note`` tells
    apart two uses of one Chinese word that English words differently (当事人: a page of
    parties, or one party). Modules import it as ``_tr`` (the name lupdate is told to collect)."""
    return QCoreApplication.translate(CONTEXT, text, note)
_current = "zh_CN"


def current() -> str:
    return _current


def vocab_label(vocab: Vocabulary, code: str | None) -> str:
    """The label of a coded value (status, stage, source …) in the interface language."""
    return vocab.zh(code) if _current == "zh_CN" else vocab.en(code)


def pick(zh: str, en: str) -> str:
    """``zh`` or, in the English interface, ``en`` when the core gave one."""
    return en if _current != "zh_CN" and en else zh


def colon(caption: str) -> str:
    """A form caption followed by the colon of the interface language."""
    return caption + ("：" if _current == "zh_CN" else ": ")


def day(value: date | None) -> str:
    """A calendar day as the interface writes it: ``2026年11月20日`` or ``20 Nov 2026``."""
    if value is None:
        return ""
    if _current == "zh_CN":
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{value.day} {value:%b %Y}"


def chosen(settings: QSettings | None) -> str:
    value = os.environ.get("GRIDAPP_LANG") or (settings.value(SETTING) if settings else None)
    codes = {code for code, _label in CHOICES}
    return str(value) if value in codes else "zh_CN"


def remember(settings: QSettings | None, code: str) -> None:
    if settings is not None:
        settings.setValue(SETTING, code)


def install_code_for_tests(code: str) -> None:
    """Switch the labels this module chooses (``vocab_label``, ``pick``, ``day``) without
    touching the application's translators (tests install the catalogue themselves)."""
    global _current  # noqa: PLW0603 — see ``install``
    _current = code


def install(app: QApplication, code: str) -> None:
    """Install the translators for ``code`` on ``app``."""
    global _current  # noqa: PLW0603 — one interface language per process, set at start
    _current = code
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    locale = (QLocale(QLocale.Language.Chinese, QLocale.Country.China) if code == "zh_CN"
              else QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    QLocale.setDefault(locale)
    qt = QTranslator(app)
    if qt.load(locale, "qtbase", "_", folder):
        app.installTranslator(qt)
    if code == "zh_CN":
        return
    ours = QTranslator(app)
    catalogue = CATALOGUES / f"gridapp_{code}.qm"
    if ours.load(str(catalogue)):
        app.installTranslator(ours)
    else:
        log.warning("no compiled translation %s: the interface stays in Chinese", catalogue)
