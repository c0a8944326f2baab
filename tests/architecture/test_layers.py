"""Layers that hold: every source directory is a package import-linter can see, and the
contracts in ``pyproject.toml`` fail when a core module imports Qt or a layer imports upwards."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCE_ROOTS = ("gridapp", "sync", "ui")
QT_CONTRACT = "core and sync never import Qt or the UI"
LAYERS_CONTRACT = "layers: front ends → services → store → models"
QUERY_CONTRACT = "front ends never query the database themselves"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def test_every_source_directory_is_a_package() -> None:
    missing = sorted(
        str(d.relative_to(ROOT))
        for top in SOURCE_ROOTS
        for d in [ROOT / top, *(ROOT / top).rglob("*")]
        if d.is_dir() and "__pycache__" not in d.parts and any(d.glob("*.py"))
        and not (d / "__init__.py").is_file()
    )
    assert not missing, f"directories with Python files but no __init__.py: {missing}"


def test_the_contracts_are_the_ones_this_test_names() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    for name in (QT_CONTRACT, LAYERS_CONTRACT, QUERY_CONTRACT):
        assert f'name = "{name}"' in text, name


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the source tree and its import-linter configuration."""
    dest = tmp_path_factory.mktemp("tree")
    for top in SOURCE_ROOTS:
        shutil.copytree(ROOT / top, dest / top, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "pyproject.toml", dest / "pyproject.toml")
    return dest


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` on ``tree`` (cwd and import path the copy, no cache)."""
    env = dict(os.environ, PYTHONPATH=str(tree), PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], check=False, cwd=tree, env=env,
                          capture_output=True, text=True, timeout=120)


def _mutated(pristine: Path, tmp_path: Path, module: str, line: str) -> Path:
    tree = tmp_path / "tree"
    shutil.copytree(pristine, tree)
    path = tree / module
    assert path.is_file(), module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    return tree


def test_the_unmodified_tree_keeps_every_contract(pristine: Path) -> None:
    result = _lint(pristine)
    assert result.returncode == 0, result.stdout + result.stderr
    for name in (QT_CONTRACT, LAYERS_CONTRACT, QUERY_CONTRACT):
        assert f"{name} KEPT" in result.stdout, result.stdout


@pytest.mark.parametrize(
    "module",
    ["gridapp/documents/render.py", "gridapp/rules/engine.py", "gridapp/models/case.py",
     "gridapp/vocab/stage.py", "sync/__init__.py"],
)
def test_a_qt_import_in_any_core_module_breaks_the_build(pristine: Path, tmp_path: Path,
                                                         module: str) -> None:
    result = _lint(_mutated(pristine, tmp_path, module, "import PySide6  # noqa"))
    assert result.returncode != 0, result.stdout
    assert f"{QT_CONTRACT} BROKEN" in result.stdout
    assert module.removesuffix(".py").removesuffix("/__init__").replace("/", ".") in result.stdout


@pytest.mark.parametrize(
    ("module", "line"),
    [
        ("gridapp/rules/record.py", "from gridapp.cli.context import CliContext  # noqa"),
        ("gridapp/models/case.py", "from gridapp import store  # noqa"),
        ("gridapp/caselog/query.py", "from gridapp.documents import casefile  # noqa"),
    ],
)
def test_an_upward_import_breaks_the_layers(pristine: Path, tmp_path: Path, module: str,
                                            line: str) -> None:
    result = _lint(_mutated(pristine, tmp_path, module, line))
    assert result.returncode != 0, result.stdout
    assert f"{LAYERS_CONTRACT} BROKEN" in result.stdout
    assert module.removesuffix(".py").replace("/", ".") in result.stdout


@pytest.mark.parametrize("module", ["gridapp/cli/doc_cmd.py", "ui/case_view/view.py"])
def test_a_query_in_a_front_end_breaks_the_build(pristine: Path, tmp_path: Path,
                                                 module: str) -> None:
    result = _lint(_mutated(pristine, tmp_path, module, "from sqlalchemy import select  # noqa"))
    assert result.returncode != 0, result.stdout
    assert f"{QUERY_CONTRACT} BROKEN" in result.stdout
