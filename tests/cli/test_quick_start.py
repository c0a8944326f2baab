"""A command imports only what it uses: reading a case never loads the PDF, image or demo code."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from gridapp.cli.main import build_parser
from gridapp.cli.registry import COMMANDS
from gridapp.models import Case
from tests.conftest import station_sql

HEAVY = ("reportlab", "PIL", "pypdf", "pi_heif", "alembic", "gridapp.demo", "gridapp.rules",
         "gridapp.documents", "gridapp.evidence")


# Runs the real entry point in a fresh interpreter, then writes the names of every module the
# process holds (``sys.modules``) to the file named by the first argument.
WRAPPER = """
import json, sys
out, sys.argv = sys.argv[1], ["gridapp", *sys.argv[2:]]
try:
    from gridapp.cli.main import main
    code = main()
except SystemExit as exc:
    code = exc.code
with open(out, "w") as f:
    json.dump(sorted(sys.modules), f)
sys.exit(code)
"""


def imported_by(*argv: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """Run ``gridapp ARGV`` in a fresh interpreter; the modules it imported."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "modules.json"
        proc = subprocess.run([sys.executable, "-c", WRAPPER, str(out), *argv],
                              check=False, capture_output=True, text=True, timeout=120)
        modules = set(json.loads(out.read_text()))
    return proc, modules


def heavy_in(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


def test_case_show_and_list_import_no_pdf_image_or_demo_code(data_dir: Path, demo_case: Case) -> None:
    proc, modules = imported_by("--data-dir", str(data_dir), "case", "show", demo_case.number)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert demo_case.number in proc.stdout
    assert "gridapp.cli.case_cmd" in modules  # the measurement sees our own modules
    assert heavy_in(modules) == []
    assert "gridapp.cli.doc_cmd" not in modules and "gridapp.cli.station_cmd" not in modules

    proc, modules = imported_by("--data-dir", str(data_dir), "case", "list")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert heavy_in(modules) == []


def test_help_lists_every_command_without_loading_the_database_layer() -> None:
    proc, modules = imported_by("--help")
    assert proc.returncode == 0
    for command in COMMANDS:
        assert command.name in proc.stdout
        assert command.help in proc.stdout
    assert not any(m == "sqlalchemy" or m.startswith("sqlalchemy.") for m in modules)


def test_every_command_resolves_to_an_existing_handler() -> None:
    from gridapp.cli.main import resolve_handler

    parser = build_parser()
    handlers: set[str] = set()

    def walk(p: object) -> None:
        import argparse

        assert isinstance(p, argparse.ArgumentParser)
        if "handler" in p._defaults:
            handlers.add(p._defaults["handler"])
        for action in p._actions:
            if isinstance(action, argparse._SubParsersAction):
                for child in action.choices.values():
                    walk(child)

    walk(parser)
    assert len(handlers) > 30
    for name in handlers:
        assert callable(resolve_handler(name)), name


def test_station_at_the_shipped_head_is_recognised_without_alembic() -> None:
    from gridapp.db.migrate import head_revision, shipped_head

    assert shipped_head() == head_revision()


def test_database_from_a_newer_version_is_still_refused(data_dir: Path, demo_case: Case,
                                                        run_cli) -> None:  # type: ignore[no-untyped-def]

    db = data_dir / "station.sqlite"
    assert db.exists()
    con = station_sql(db)
    with con:
        con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.close()
    result = run_cli("--data-dir", data_dir, "case", "list")
    assert result.code == 2
    assert "结构版本无法识别" in result.err
    con = station_sql(db)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("9999",)
    con.close()
