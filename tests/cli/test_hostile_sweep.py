"""A hostile-input sweep over every command of ``gridapp``.

Every command is taken from ``gridapp.cli.registry`` (through the parser ``main`` builds), so a
new command is swept without anyone remembering to add it; a command that cannot be swept must be
listed in ``EXCLUDED`` with the reason, and a new argument whose role cannot be guessed (a path:
read or written?) or that is required without a known valid value fails the sweep until it is
described here.

For each argument of each command the sweep runs the command with that argument hostile and the
others valid: terminal escapes, a right-to-left override, 5,000-digit, negative, huge, ``nan`` and
``inf`` numbers, year-1 and year-99999 dates, empty and 20,000-character strings; for a file
argument a FIFO, ``/dev/zero``, a directory, a missing path, 100,000 nested ``[``, a TOML file
with a byte-order mark, a 5,000-digit number in JSON, a binary file; for an output path a FIFO,
a directory, a path in a missing folder and ``/dev/full``; and argv bytes that are not UTF-8
(through the real interpreter, since only it decodes the command line). Values are spread over a
command's arguments (each argument gets several, each value is used for every command) rather
than crossed with every argument, which keeps the sweep to about a minute.

Every run must end within ``TIMEOUT`` seconds, under ``MEMORY`` bytes of address space, with an
exit code documented in docs/CLI.md (0–3) and no traceback; a refused run (exit code not 0)
must leave the station as it was: every row of every table and every file under the data
directory and the folder the command was told to write to.

What the fingerprint leaves out, and why: the database *files* (``station.sqlite`` and its
``-wal``/``-shm``) — a read may checkpoint the WAL, which moves pages between files without
changing a row, so the rows are compared instead; SQLite's planner statistics
(``sqlite_stat*``, refreshed by ``PRAGMA optimize`` when any command closes the database) —
they describe the rows, they are not data. Nothing else: ``device-state.json``, ``blobs/``
(staging included), ``backups/`` and lock files all count, so a refused import that leaves a
staged file behind fails.

The commands run in forked children of one interpreter that has imported the program
(``forkserver.py``, one per station, two stations in parallel); the non-UTF-8 argv runs start
the real ``python -m gridapp``.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from gridapp.cli.main import build_parser
from tests.conftest import station_sql

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="fork, FIFOs and RLIMIT_AS are POSIX")

ROOT = Path(__file__).resolve().parents[2]
PHOTO = ROOT / "tests" / "data" / "photos" / "jpg_Canon_40D.jpg"
TIMEOUT = 10.0
MEMORY = 1536 << 20
DOCUMENTED_EXIT_CODES = {0, 1, 2, 3}
LEAD = "31010001"

# Commands the sweep does not run, with the reason. Everything else in the registry is swept.
EXCLUDED: dict[str, str] = {}

# A command's common options (``--json``, ``-h``) take no value; ``--data-dir`` is swept apart.
COMMON = {"help", "data_dir", "json"}
INPUT_FILES = {"source_file", "input", "file", "files", "ca_bundle"}
OUTPUT_PATHS = {"out", "dir"}

TEXT: tuple[str, ...] = (
    "\x1b[31m红色\x1b[0m",
    "\u202e逆序文字",
    "9" * 5000,
    "-1",
    "-99999999999999999999",
    "99999999999999999999",
    "nan",
    "inf",
    "0001-01-01",
    "99999-12-31",
    "",
    "长" * 20_000,
    "-",
)
CHOICE: tuple[str, ...] = ("\x1b[31m", "", "长" * 20_000)
INPUT_NAMES: tuple[str, ...] = ("fifo", "/dev/zero", "dir", "missing", "deep.json", "bom.toml",
                                "bignum.json", "binary.bin", "empty.json", "-")
# Relative to the command's working directory (its scratch folder, see ``write_output_traps``):
# never a real device path, since a command that replaced its output would replace the device.
OUTPUT_NAMES: tuple[str, ...] = ("fifo", "dir", "missing/out.pdf", "full", "", ".")
DATA_DIRS: tuple[str, ...] = ("binary.bin/station", "binary.bin", "fifo", "/dev/zero")
NOT_UTF8: tuple[bytes, ...] = (b"\xff\xfe\xfd", b"\xed\xa0\x80", "案".encode("gbk") + b"\x80")


def _baselines(station: Station) -> dict[tuple[str, str], str]:
    """A valid value for each argument that has to be given (key: command path, dest; a path
    of "*" for any command)."""
    return {
        ("*", "station"): "测试中队",
        ("*", "officer"): LEAD,
        ("*", "badge"): "31010002",
        ("officer add", "badge"): "3109{n:04d}",  # a new badge at each run
        ("officer retire", "badge"): "31010003",  # not an officer the case file names
        ("*", "segment"): "5",
        ("*", "name"): "王五",
        ("*", "case"): station.case,
        ("*", "item"): station.item,
        ("*", "document"): station.document,
        ("doc void", "document"): station.spare_document,  # the others still use the first
        ("*", "text"): "南京",
        ("*", "reason"): "测试理由",
        ("*", "template"): "site_inspection_record",
        ("*", "method"): "direct",
        ("*", "conflict"): "1",
        ("*", "keep"): "hq",
        ("*", "url"): "http://127.0.0.1:9",
        ("*", "code"): "ABCDEF",
        ("pack show", "code"): "shanghai",
        ("station set-bureau", "bureau"): "310106",
        # doc fill reads the JSON of an items field (seizure list); doc issue a text field.
        ("doc fill", "template"): "seizure_list",
        ("case transition", "status"): "verified",
        ("*", "source_file"): str(station.case_file),
        ("*", "input"): str(station.files / "facts.json"),
        ("pack validate", "file"): str(ROOT / "resources" / "packs" / "shanghai.toml"),
        ("doc verify", "file"): str(station.issued_pdf),
        ("template validate", "files"): str(ROOT / "resources" / "templates" / "reminder_card.toml"),
        ("*", "files"): str(station.files / "photo.jpg"),
        ("*", "out"): "out.pdf",
        # Their own files: an existing output file is refused (never replaced without --force).
        ("report monthly", "out"): "monthly.pdf",
        ("export register", "out"): "register.xlsx",
        ("doc render", "out"): "render.pdf",
        ("doc issue", "out"): "issued.pdf",
        ("casefile", "out"): "casefile.pdf",
        ("*", "month"): "2026-11",
        ("*", "date_from"): "2026-11-01",
        ("*", "date_to"): "2026-11-30",
        ("*", "dir"): "export",
        # A real X25519 public key (base64 of 32 bytes).
        ("device recovery-key", "public_key"): "Ngvwq5Q0kOZ1S/oIk8DwhBxIAA6ybMbVUl9UI0J+3FM=",
        ("*", "step"): "closing",
        ("*", "approval"): station.case,
        ("*", "comment"): "请补充材料后重新提交",
        ("*", "opinion"): "同意",
        ("*", "record"): "负责人集体讨论，同意",
        ("*", "kind"): "return_visit",
        ("*", "amount"): "300",
        ("*", "date"): "2026-11-28",
        ("*", "way"): "bank",
        ("*", "receipt"): "缴款书No.20261128001",
        ("*", "by"): "court",
        ("*", "reference"): "（2027）沪0101行审123号",
        ("case review", "kind"): "reconsideration",
        ("*", "filed"): "2026-11-28",
        ("*", "body"): "上海市黄浦区人民政府",
    }


# Valid values given to optional arguments too (unless that argument is the hostile one).
OPTIONAL_BASELINES: dict[tuple[str, str], str] = {
    ("demo", "cases"): "1",  # not the default 200 cases at every run
    ("init", "segment"): "3",
    ("party history", "ref"): "王",
    ("doc issue", "field"): "end=2026-11-28 23:50",
    ("evidence add", "reason"): "核实为本案现场照片",  # the same photo again, taken in 2008
    ("station set-payment", "bank"): "测试银行黄浦支行",  # at least one item to set
}

# Commands whose valid run is refused all the same, and why. Every other command's valid run
# must succeed, or the hostile runs of its arguments would be refused for the wrong reason.
VALID_REFUSED: dict[str, str] = {
    "init": "the data directory already holds a station",
    "device set-segment": "the demo station already has a segment",
    "sync enroll": "there is no HQ to enrol with",
    "sync run": "the station is not enrolled",
    "sync resolve": "the station is not enrolled",
    # The reason is checked first, so a hostile reason that is acceptable text ("inf") withdraws
    # or voids the one item or document before the valid run comes.
    "evidence withdraw": "a hostile run with acceptable text withdrew the item already",
    "doc void": "a hostile run with acceptable text voided the document already",
    "officer passwd": "the old and new passwords come on standard input, which runs here lack",
    "device recover": "the recovery code and the new password come on standard input",
    # The sweep acts as the station's lead: a hostile run with acceptable text (a note "inf")
    # submits the case's 结案审批 first, and a lead does not decide their own request; 法制审核
    # and 集体讨论 are for 处罚审批 only.
    "approval submit": "a hostile run with acceptable text submitted the request already",
    "approval approve": "the only waiting request is the lead's own (or none yet)",
    "approval return": "the request was returned already, or none waits yet",
    "approval legal-review": "the waiting request is a 结案审批, not a 处罚审批",
    "approval discuss": "the waiting request is a 结案审批, not a 处罚审批",
    "followup record": "the sweep's case is open: no 回访 is due on it",
    "case paid": "the sweep's case has no fine decision: there is nothing to pay",
    "case executed": "the sweep's case has no fine decision: there is nothing to execute",
    "case review": "the sweep's case has no fine decision: nothing to apply against",
}


@dataclass(frozen=True)
class Argument:
    dest: str
    option: str | None  # None for a positional
    kind: str  # text, choice, input, output, pair
    required: bool


@dataclass(frozen=True)
class Leaf:
    path: tuple[str, ...]
    arguments: tuple[Argument, ...]

    @property
    def name(self) -> str:
        return " ".join(self.path)


def _kind(action: argparse.Action) -> str:
    if action.dest in INPUT_FILES:
        return "input"
    if action.dest in OUTPUT_PATHS:
        return "output"
    if action.choices:
        return "choice"
    if action.type is Path or "FILE" in str(action.metavar or ""):
        raise AssertionError(f"path argument {action.dest}: add it to INPUT_FILES or OUTPUT_PATHS")
    if action.dest == "field":
        return "pair"
    return "text"


def _leaves(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> Iterator[Leaf]:
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if subs:
        for name, sub in subs[0].choices.items():
            yield from _leaves(sub, (*path, name))
        return
    arguments = []
    for action in parser._actions:
        if action.dest in COMMON or action.nargs == 0:
            continue
        option = max(action.option_strings, key=len) if action.option_strings else None
        arguments.append(Argument(action.dest, option, _kind(action), bool(action.required)
                                  or (option is None and action.nargs not in ("?", "*"))))
    yield Leaf(path, tuple(arguments))


def every_command() -> list[Leaf]:
    return list(_leaves(build_parser()))


# --- the station and the files -----------------------------------------------------------


@dataclass
class Station:
    data_dir: Path
    files: Path  # the hostile and valid input files (shared, read only)
    scratch: Path  # the working directory of the commands: where they write

    @property
    def case_file(self) -> Path:
        return self.scratch.parent / "case.json"

    case: str = ""
    item: str = ""
    document: str = ""
    spare_document: str = ""

    @property
    def issued_pdf(self) -> Path:
        return self.scratch.parent / "issued.pdf"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    env.pop("GRIDAPP_DATA_DIR", None)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def gridapp(*argv: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "gridapp", *map(str, argv)], cwd=cwd,
                          capture_output=True, text=True, env=_env(), timeout=120,
                          stdin=subprocess.DEVNULL, check=False)


def _checked(*argv: str | Path) -> str:
    proc = gridapp(*argv)
    assert proc.returncode == 0, (argv, proc.stderr[-2000:])
    return proc.stdout


def write_hostile_files(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    os.mkfifo(folder / "fifo")
    (folder / "dir").mkdir()
    (folder / "dir" / "inside.txt").write_text("x", encoding="utf-8")
    (folder / "deep.json").write_text("[" * 100_000, encoding="utf-8")
    (folder / "bom.toml").write_text("\ufeffcode = \"x\"\nname = \"带 BOM 的文件\"\n", encoding="utf-8")
    (folder / "bignum.json").write_text('{"violation": "street-vending", "lat": ' + "9" * 5000
                                        + "}", encoding="utf-8")
    (folder / "binary.bin").write_bytes(bytes(range(256)) * 64)
    (folder / "empty.json").write_bytes(b"")


def write_output_traps(scratch: Path) -> None:
    """Where hostile output paths point: a FIFO (no reader: opening it to write would block), a
    folder that holds a file, and ``full``, a link to ``/dev/full`` (every write fails)."""
    os.mkfifo(scratch / "fifo")
    (scratch / "dir").mkdir()
    (scratch / "dir" / "kept.txt").write_text("x", encoding="utf-8")
    (scratch / "full").symlink_to("/dev/full")


def make_station(folder: Path) -> Station:
    """A demo station with an open case holding a photo and an issued document."""
    st = Station(folder / "station", folder.parent / "files", folder / "scratch")
    st.scratch.mkdir(parents=True)
    write_output_traps(st.scratch)
    _checked("--data-dir", st.data_dir, "demo", "--cases", "6", "--seed", "3")
    st.case_file.write_text(_checked("--data-dir", st.data_dir, "case", "add", "--example"),
                            encoding="utf-8")
    st.case = json.loads(_checked("--data-dir", st.data_dir, "case", "add", "--from",
                                  st.case_file, "--json"))["number"]
    added = json.loads(_checked("--data-dir", st.data_dir, "evidence", "add", st.case,
                                st.files / "photo.jpg", "--reason", "核实为本案现场照片",
                                "--json"))
    st.item = added[0]["id"]
    issued: list[str] = []
    for out in (["--out", str(st.issued_pdf)], []):
        issued.append(json.loads(_checked(
            "--data-dir", st.data_dir, "doc", "issue", st.case, "site_inspection_record",
            "--field", f"end=2026-11-28 2{len(issued)}:50", "--json", *out))["number"])
    st.document, st.spare_document = issued
    return st


@pytest.fixture(scope="module")
def stations(tmp_path_factory: pytest.TempPathFactory) -> list[Station]:
    base = tmp_path_factory.mktemp("hostile-sweep")
    files = base / "files"
    write_hostile_files(files)
    shutil.copyfile(PHOTO, files / "photo.jpg")
    facts = {"as_of": "2026-11-20", "violation": "street-vending",
             "party": {"kind": "person", "age": 35},
             "facts": {"harm": "slight", "corrected": False, "act_date": "2026-11-19"},
             "history": []}
    (files / "facts.json").write_text(json.dumps(facts), encoding="utf-8")
    # Two demo stations made by the program, not copies (a copy may not write until confirmed),
    # side by side (each is a few commands in a row).
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(make_station, [base / f"worker{n}" for n in range(2)]))


# --- fingerprint ---------------------------------------------------------------------------


DB_FILES = ("station.sqlite", "station.sqlite-wal", "station.sqlite-shm",
            "station.sqlite-journal")


def rows_fingerprint(db: Path) -> dict[str, str]:
    con = station_sql(f"file:{db}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_stat%'"
            " AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name")]
        out = {}
        for table in tables:
            rows = sorted(repr(r) for r in con.execute(f'SELECT * FROM "{table}"'))
            out[table] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
        return out
    finally:
        con.close()


def files_fingerprint(folder: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        rel = str(path.relative_to(folder))
        if path.is_symlink():
            out[rel] = "link:" + os.readlink(path)
        elif path.is_dir():
            out[rel] = "dir"
        elif path.name in DB_FILES and path.parent == folder:
            continue
        elif path.is_file():
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            out[rel] = "special"
    return out


def differences(before: dict[str, object], after: dict[str, object]) -> list[str]:
    found = []
    for part, old in before.items():
        new = after[part]
        assert isinstance(old, dict) and isinstance(new, dict)
        found += [f"{part}:{k}" for k in sorted(set(old) | set(new)) if old.get(k) != new.get(k)]
    return found


# --- the runs ------------------------------------------------------------------------------


@dataclass
class Run:
    leaf: str
    argv: list[bytes]
    what: str  # which argument is hostile, and how
    real: bool = False  # through the real interpreter (argv that is not UTF-8)


@dataclass
class Outcome:
    run: Run
    code: int
    seconds: float
    timed_out: bool
    err: str
    out: str
    changed: list[str] = field(default_factory=list)


def _resolve(value: str, files: Path) -> str:
    """A hostile file name as a path: absolute names stay, others are in the files folder."""
    if value in ("", "-") or value.startswith("/"):
        return value
    return str(files / value)


def _hostile_values(arg: Argument, files: Path) -> list[str]:
    if arg.kind == "input":
        return [_resolve(v, files) for v in INPUT_NAMES]
    if arg.kind == "output":
        return list(OUTPUT_NAMES)
    if arg.kind == "choice":
        return list(CHOICE)
    if arg.kind == "pair":
        return ["=", "end", *(f"end={v}" for v in TEXT[:3]), "end=" + TEXT[-2],
                "items=" + "[" * 100_000, 'items=[{"qty": ' + "9" * 5000 + "}]",
                "items=" + TEXT[0]]
    return list(TEXT)


_SERIAL = itertools.count(1)


def _baseline(leaf: Leaf, arg: Argument, table: dict[tuple[str, str], str]) -> str:
    value = table.get((leaf.name, arg.dest), table.get(("*", arg.dest)))
    assert value is not None, f"{leaf.name}: no valid value for required argument {arg.dest}"
    return value.format(n=next(_SERIAL)) if "{n" in value else value


def _argv(leaf: Leaf, data_dir: str, table: dict[tuple[str, str], str],
          hostile: Argument | None, value: str) -> list[str]:
    """Options first as ``--opt=value``, then ``--`` and the positionals, so that a value that
    starts with "-" is never taken for an option."""
    options, positionals = [], []
    if leaf.path == ("case", "add") and (hostile is None or hostile.dest != "source_file"):
        options.append("--from=" + table[("*", "source_file")])
    for arg in leaf.arguments:
        if arg is hostile:
            given = value
        elif arg.required:
            given = _baseline(leaf, arg, table)
        elif (leaf.name, arg.dest) in OPTIONAL_BASELINES:
            given = OPTIONAL_BASELINES[(leaf.name, arg.dest)]
        else:
            continue
        if arg.option:
            options.append(f"{arg.option}={given}")
        else:
            positionals.append(given)
    return ["--data-dir", data_dir, *leaf.path, *options,
            *(["--", *positionals] if positionals else [])]


def plan(leaf: Leaf, st: Station, table: dict[tuple[str, str], str],
         rotation: Iterator[str]) -> list[Run]:
    """The runs for one command: each argument gets at least two hostile values and, across
    the command's arguments, every value of each kind is used once."""
    data_dir = str(st.data_dir)
    hostile_dir = _resolve(next(rotation), st.files)
    runs = [Run(leaf.name, _encode(_argv(leaf, hostile_dir, table, None, "")), "--data-dir")]
    by_kind: dict[str, list[Argument]] = {}
    for arg in leaf.arguments:
        by_kind.setdefault(arg.kind, []).append(arg)
    for kind, args in by_kind.items():
        values = _hostile_values(args[0], st.files)
        count = max(len(values), 2 * len(args))
        for n in range(count):
            arg, value = args[n % len(args)], values[n % len(values)]
            if arg.kind == "text" and not arg.required and value == "-" and arg.option is None:
                continue
            argv = _argv(leaf, data_dir, table, arg, value)
            runs.append(Run(leaf.name, _encode(argv), f"{arg.dest}={value[:40]!r}"))
    for arg, raw in zip(leaf.arguments[:1], itertools.cycle(NOT_UTF8), strict=False):
        words = [w.encode() for w in _argv(leaf, data_dir, table, arg, "X\x00X")]
        words = [raw if w == b"X\x00X" else w.replace(b"=X\x00X", b"=" + raw) for w in words]
        runs.append(Run(leaf.name, words, f"{arg.dest}=<not UTF-8>", real=True))
    # Last, so that what it writes (an officer, a voided document) is not what the hostile runs
    # of the same command are refused for.
    runs.append(Run(leaf.name, _encode(_argv(leaf, data_dir, table, None, "")), "valid"))
    return runs


def _encode(words: Sequence[str]) -> list[bytes]:
    return [w.encode("utf-8") for w in words]


class Runner:
    """One fork server and its station; runs one command at a time."""

    def __init__(self, st: Station) -> None:
        self.station = st
        self.proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("forkserver.py"))],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=_env(), cwd=st.scratch)
        self.signature: tuple[object, ...] = ()
        self.rows: dict[str, str] = {}
        self.before = self.fingerprint()

    def fingerprint(self) -> dict[str, object]:
        """``fingerprint`` of the station, reusing the rows' hashes while the database files are
        untouched (no write can change a row without changing a file's size or time)."""
        st = self.station
        signature = tuple((p.stat().st_size, p.stat().st_mtime_ns, p.stat().st_ino)
                          if p.exists() else None
                          for p in (st.data_dir / name for name in DB_FILES))
        if signature != self.signature:
            self.rows = rows_fingerprint(st.data_dir / "station.sqlite")
            self.signature = signature
        return {"rows": self.rows, "data": files_fingerprint(st.data_dir),
                "scratch": files_fingerprint(st.scratch)}

    def run(self, run: Run) -> Outcome:
        st = self.station
        out, err = st.scratch.parent / "stdout.txt", st.scratch.parent / "stderr.txt"
        if run.real:
            code, seconds, timed_out = self._real(run, out, err)
        else:
            assert self.proc.stdin is not None and self.proc.stdout is not None
            request = {"argv": [w.hex() for w in run.argv], "cwd": str(st.scratch),
                       "out": str(out), "err": str(err), "timeout": TIMEOUT, "memory": MEMORY}
            self.proc.stdin.write(json.dumps(request) + "\n")
            self.proc.stdin.flush()
            answer = json.loads(self.proc.stdout.readline())
            code, seconds, timed_out = answer["code"], answer["seconds"], answer["timed_out"]
        outcome = Outcome(run, code, seconds, timed_out,
                          err.read_text(encoding="utf-8", errors="replace"),
                          out.read_text(encoding="utf-8", errors="replace"))
        after = self.fingerprint()
        if code != 0:
            outcome.changed = differences(self.before, after)
        self.before = after
        return outcome

    def _real(self, run: Run, out: Path, err: Path) -> tuple[int, float, bool]:
        import resource
        import time

        def limit() -> None:
            resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))

        started = time.monotonic()
        with out.open("wb") as fo, err.open("wb") as fe:
            try:
                proc = subprocess.run([os.fsencode(sys.executable), b"-m", b"gridapp", *run.argv],
                                      stdout=fo, stderr=fe, stdin=subprocess.DEVNULL,
                                      env=_env(), cwd=self.station.scratch, timeout=TIMEOUT,
                                      preexec_fn=limit, check=False)
            except subprocess.TimeoutExpired:
                return -9, time.monotonic() - started, True
        return proc.returncode, time.monotonic() - started, False

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def problems(outcome: Outcome) -> list[str]:
    found = []
    if outcome.timed_out:
        found.append(f"did not finish within {TIMEOUT:.0f} s")
    elif outcome.code not in DOCUMENTED_EXIT_CODES:
        found.append(f"exit code {outcome.code}")
    if any(ch in outcome.err for ch in "\x1b\u202e"):
        found.append("a terminal escape or bidi control printed on stderr")
    if "Traceback" in outcome.err:
        found.append("traceback: " + outcome.err.strip().splitlines()[-1][:300])
    if outcome.changed:
        found.append(f"refused (exit {outcome.code}) but changed {outcome.changed[:5]}")
    return found


def all_runs(st: Station) -> list[Run]:
    """Every run of the sweep, against station ``st``."""
    table = _baselines(st)
    rotation = itertools.cycle(DATA_DIRS)
    runs: list[Run] = []
    for leaf in every_command():
        if leaf.name not in EXCLUDED:
            runs += plan(leaf, st, table, rotation)
    return runs


def sweep(stations: list[Station]) -> list[Outcome]:
    """The runs spread over the stations (every other run), one thread and fork server each."""
    count = len(stations)
    shares = [all_runs(st)[n::count] for n, st in enumerate(stations)]
    outcomes: list[Outcome] = []
    failures: list[BaseException] = []
    lock = threading.Lock()

    def work(st: Station, share: list[Run]) -> None:
        try:
            runner = Runner(st)
            try:
                for run in share:
                    outcome = runner.run(run)
                    with lock:
                        outcomes.append(outcome)
            finally:
                runner.close()
        except BaseException as exc:  # reported by the test, not lost in the thread
            failures.append(exc)

    threads = [threading.Thread(target=work, args=pair)
               for pair in zip(stations, shares, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failures:
        raise failures[0]
    assert len(outcomes) == sum(map(len, shares))
    return outcomes


# --- the tests -----------------------------------------------------------------------------


def test_every_command_is_swept_or_excluded_with_a_reason() -> None:
    names = {leaf.name for leaf in every_command()}
    assert set(EXCLUDED) <= names, "EXCLUDED names a command that no longer exists"
    assert set(VALID_REFUSED) <= names, "VALID_REFUSED names a command that no longer exists"
    assert all(reason.strip() for reason in EXCLUDED.values())
    assert len(names - set(EXCLUDED)) >= 40


def test_hostile_inputs_are_refused_cleanly_and_change_nothing(stations: list[Station]) -> None:
    outcomes = sweep(stations)
    spent: dict[str, float] = {}
    for o in outcomes:
        spent[o.run.leaf] = spent.get(o.run.leaf, 0.0) + o.seconds
    slowest = sorted(spent.items(), key=lambda kv: -kv[1])[:8]
    print(f"{len(outcomes)} runs; slowest commands:",
          ", ".join(f"{name} {sec:.1f} s" for name, sec in slowest))
    report = [f"{o.run.leaf} [{o.run.what}] exit {o.code}: {'; '.join(problems(o))}"
              for o in outcomes if problems(o)]
    report += [f"{o.run.leaf}: the valid run failed ({o.code}): {o.err.strip()[-300:]}"
               for o in outcomes if o.run.what == "valid" and o.code != 0
               and o.run.leaf not in VALID_REFUSED]
    report += [f"{st.data_dir.parent.name}: stored {found}" for st in stations
               for found in stored_controls(st.data_dir / "station.sqlite")]
    assert not report, f"{len(report)} of {len(outcomes)} runs:\n" + "\n".join(report)


def stored_controls(db: Path) -> list[str]:
    """Where a terminal escape or a right-to-left override from the sweep's values was stored
    (a command that accepted one; JSON columns hold them escaped as \\u001b / \\u202e)."""
    con = station_sql(f"file:{db}?mode=ro", uri=True)
    found = []
    try:
        for (table,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND "
                                    "sql NOT LIKE 'CREATE VIRTUAL%'"):
            for row in con.execute(f'SELECT * FROM "{table}"'):
                for value in row:
                    if isinstance(value, str) and any(
                            mark in value for mark in ("\x1b", "\u202e", "\\u001b", "\\u202e")):
                        found.append(f"{table}: {value[:80]!r}")
    finally:
        con.close()
    return found
