"""The command line under a security and fault probe (issue 15): secrets in errors, CSV cells that
spreadsheets would run, foreign and read-only SQLite files, password rules.

Everything runs the real commands; process-level behaviour (a read-only file system, another user)
runs ``.venv/bin/tollbook`` as a subprocess.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import tollbook
from tollbook.cli import app
from tollbook.model import Document
from tollbook.runner import build_events
from tollbook.store import Corpus

TOLLBOOK = Path(sys.executable).with_name("tollbook")
SRC = Path(tollbook.__file__).parent
LIMA = "Officials said 12 people were killed in Lima, Peru on Monday. Another 3 people were injured there."


def _runner() -> CliRunner:
    try:  # Click < 8.2 mixes stderr into stdout unless told not to
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        return CliRunner()


def _error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip()]


# -- 2. database passwords never appear in messages ------------------------------------------

SECRET = "S3cr3tPW"
REFUSED = f"postgresql+psycopg://alice:{SECRET}@127.0.0.1:1/db"  # nothing listens on port 1

BAD_URLS = [
    REFUSED,
    f"postgresql://alice:{SECRET}@127.0.0.1:1/db",
    f"postgresql+psycopg://alice:{SECRET}@127.0.0.1:1/db?password={SECRET}",
    f"postgresql+psycopg://alice:{SECRET}@127.0.0.1:1/db?bogusopt=1",
    f"postgresql+psycopg://alice:{SECRET}@127.0.0.1:notaport/db",
    f"mysql://alice:{SECRET}@127.0.0.1/db",
    "postgresql+psycopg://alice:S3c@r3tPW@127.0.0.1:1/db",  # an '@' in the password, not URL-encoded
    f"sqlite://alice:{SECRET}@/no/such/folder/x.db",
]

COMMANDS = [
    ["claims"],
    ["claims", "--format", "csv"],
    ["events"],
    ["event", "E0"],
    ["export", "--format", "jsonl"],
    ["reextract"],
    ["db", "upgrade"],
    ["user", "list"],
    ["ingest", "{text}"],
    ["demo", "--report", "{tmp}/demo.html"],
]


def _secret_parts(url: str) -> list[str]:
    return ["S3c", "r3tPW"] if "S3c@r3tPW" in url else [SECRET]


def _run_with_db(command: list[str], url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    text = tmp_path / "article.txt"
    text.write_text(LIMA, encoding="utf-8")
    args = [a.format(text=text, tmp=tmp_path) for a in command]
    return _runner().invoke(app, [*args, "--db", url])


@pytest.mark.parametrize("url", BAD_URLS)
def test_password_is_masked_in_errors_of_any_url(url: str, tmp_path: Path, monkeypatch) -> None:
    result = _run_with_db(["claims"], url, tmp_path, monkeypatch)
    assert result.exit_code == 1, result.output
    shown = result.stdout + result.stderr
    for part in _secret_parts(url):
        assert part not in shown
    assert "***" in shown
    assert len(_error_lines(result.stderr)) == 1, result.stderr
    assert "internal error" not in shown


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_password_is_masked_in_errors_of_every_command(command: list[str], tmp_path: Path, monkeypatch) -> None:
    result = _run_with_db(command, REFUSED, tmp_path, monkeypatch)
    assert result.exit_code == 1, result.output
    assert SECRET not in result.stdout + result.stderr
    assert "postgresql+psycopg://alice:***@127.0.0.1:1/db" in result.stderr
    assert result.stderr.count("alice") == 1, result.stderr  # the URL once, masked


def test_password_is_masked_in_a_real_server_error(postgres_url: str, tmp_path: Path, monkeypatch) -> None:
    import sqlalchemy

    url = sqlalchemy.make_url(postgres_url).set(password=SECRET, database="no_such_db")
    result = _run_with_db(["claims"], url.render_as_string(hide_password=False), tmp_path, monkeypatch)
    assert result.exit_code == 1, result.output
    assert SECRET not in result.stdout + result.stderr
    assert "no_such_db" in result.stderr and ":***@" in result.stderr
    assert len(_error_lines(result.stderr)) == 1, result.stderr


# -- 8. CSV cells that start like a formula ----------------------------------------------------

FORMULAS = {
    "source": '=HYPERLINK("http://evil.example","x")',
    "source_key": "+cmd",
    "date_text": "@SUM(A1)",
    "place": "-Lima",
    "place_name": "\tLima",
    "group": "\rchildren",
}


@pytest.fixture
def formula_db(tmp_path: Path) -> str:
    """A SQLite corpus whose claim fields and document title start like spreadsheet formulas."""
    url = f"sqlite:///{tmp_path / 'formula.db'}"
    claim = tollbook.extract(LIMA, "2024-03-13")[0]
    assert claim.latitude is not None and claim.latitude < 0 and claim.longitude < 0
    with Corpus(url) as corpus:
        corpus.add(Document(text=LIMA, published="2024-03-13", title="=cmd|' /C calc'!A0", url="@evil"),
                   [dataclasses.replace(claim, **FORMULAS)], extractor_version="1")
    return url


def _csv_rows(stdout: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(stdout)))


# (command, column, expected cell): text cells get a leading apostrophe, numbers stay numbers
CSV_CELLS = [
    (["claims", "--format", "csv"], "source", "'" + FORMULAS["source"]),
    (["claims", "--format", "csv"], "source_key", "'+cmd"),
    (["claims", "--format", "csv"], "date_text", "'@SUM(A1)"),
    (["claims", "--format", "csv"], "place", "'-Lima"),
    (["claims", "--format", "csv"], "place_name", "'\tLima"),
    (["claims", "--format", "csv"], "group", "'\rchildren"),
    (["claims", "--format", "csv"], "latitude", "-12.04318"),
    (["claims", "--format", "csv"], "longitude", "-77.02824"),
    (["claims", "--format", "csv"], "low", "12"),
    (["export", "--format", "ged-csv"], "source_headline", "'=cmd|' /C calc'!A0"),
    (["export", "--format", "ged-csv"], "source_article", "'@evil"),
    (["export", "--format", "ged-csv"], "latitude", "-12.04318"),
    (["export", "--format", "ged-csv"], "best", "12"),
]


@pytest.mark.parametrize(("command", "column", "expected"), CSV_CELLS,
                         ids=[f"{c[0][0]}-{c[1]}" for c in CSV_CELLS])
def test_csv_cells_are_guarded(formula_db: str, command: list[str], column: str, expected: str) -> None:
    result = _runner().invoke(app, [*command, "--db", formula_db])
    assert result.exit_code == 0, result.output
    rows = _csv_rows(result.stdout)
    assert len(rows) == 1
    assert rows[0][column] == expected


@pytest.mark.parametrize(("name", "expected"), [("=1+1.txt", "'=1+1.txt"), ("-rm.txt", "'-rm.txt"),
                                                ("@x.txt", "'@x.txt"), ("plain.txt", "plain.txt")])
def test_extract_csv_guards_the_document_name(tmp_path: Path, monkeypatch, name: str, expected: str) -> None:
    monkeypatch.chdir(tmp_path)
    Path(name).write_text(LIMA, encoding="utf-8")
    result = _runner().invoke(app, ["extract", "--format", "csv", "--", name])
    assert result.exit_code == 0, result.output
    rows = _csv_rows(result.stdout)
    assert rows and all(row["document"] == expected for row in rows)
    assert rows[0]["longitude"] == "-77.02824"


def test_every_csv_writer_goes_through_the_guard() -> None:
    writers = re.compile(r"csv\.(writer|DictWriter)\(|\.to_csv\(")
    unguarded = [str(path.relative_to(SRC)) for path in SRC.rglob("*.py")
                 if path.name != "csv_cells.py" and writers.search(path.read_text(encoding="utf-8"))]
    assert unguarded == []


# -- 10. a SQLite file that is not tollbook's is refused untouched ------------------------------


def _foreign(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE birds (name TEXT)")
        conn.execute("INSERT INTO birds VALUES ('wren')")
    conn.close()


def _journal_mode(path: Path) -> str:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        conn.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("command", [c for c in COMMANDS if c[0] != "demo"] + [["user", "add", "bob",
                                                                                 "--password-stdin"]],
                         ids=lambda c: " ".join(c[:2]))
def test_foreign_sqlite_file_is_refused_untouched(command: list[str], tmp_path: Path, monkeypatch) -> None:
    foreign = tmp_path / "birds.db"
    _foreign(foreign)
    before = _digest(foreign)
    assert _journal_mode(foreign) == "delete"
    result = _runner().invoke(app, [*(a.format(text=foreign, tmp=tmp_path) for a in command), "--db",
                                    f"sqlite:///{foreign}"], input="long enough password\n")
    assert result.exit_code == 1, result.output
    assert "birds" in result.stderr and "not set up by tollbook" in result.stderr
    assert _digest(foreign) == before
    assert _journal_mode(foreign) == "delete"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["birds.db"]


# -- 13. the password rule ------------------------------------------------------------------


@pytest.mark.parametrize(("command", "password"), [
    (["user", "add", "alice", "--password-stdin"], "7chars!"),
    (["user", "add", "alice", "--password-stdin"], ""),
    (["user", "passwd", "alice", "--password-stdin"], "short"),
])
def test_short_password_is_a_usage_error(command: list[str], password: str, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'users.db'}"
    if command[1] == "passwd":
        added = _runner().invoke(app, ["user", "add", "alice", "--password-stdin", "--db", url],
                                 input="a good password\n")
        assert added.exit_code == 0, added.output
    result = _runner().invoke(app, [*command, "--db", url], input=password + "\n")
    assert result.exit_code == 2, result.output
    assert _error_lines(result.stderr) == ["error: password: at least 8 characters (this one has "
                                           f"{len(password)}); nothing was changed"]
    if command[1] == "add":
        assert not (tmp_path / "users.db").exists()  # nothing was created either


# -- 14. missing folders and read-only databases ---------------------------------------------


@pytest.mark.parametrize("command", [["claims"], ["events"], ["export", "--format", "jsonl"], ["db", "upgrade"],
                                     ["ingest", "{text}"], ["user", "add", "bob", "--password-stdin"]],
                         ids=lambda c: " ".join(c[:2]))
def test_missing_folder_is_named(command: list[str], tmp_path: Path) -> None:
    text = tmp_path / "article.txt"
    text.write_text(LIMA, encoding="utf-8")
    folder = tmp_path / "no" / "such"
    result = _runner().invoke(app, [*(a.format(text=text) for a in command), "--db",
                                    f"sqlite:///{folder / 'corpus.db'}"], input="long enough password\n")
    assert result.exit_code == 1, result.output
    lines = _error_lines(result.stderr)
    assert len(lines) == 1, result.stderr
    assert f"the folder {folder} does not exist" in lines[0]
    assert "internal error" not in lines[0]
    assert not folder.exists()


# A read-only bind mount of the folder, in a mount namespace of its own (as root, or as a user where
# unprivileged user namespaces are allowed): the folder's file system is read-only for tollbook.
_MOUNT = 'mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" && shift && exec "$@"'
# Root without the capabilities that override permission bits: chmod binds it like any user.
_NO_OVERRIDE = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"]


def _wrapper(mode: str, folder: Path) -> list[str]:
    if mode == "mount":
        return ["unshare", "-m" if os.geteuid() == 0 else "-rm", "sh", "-c", _MOUNT, "sh", str(folder)]
    return _NO_OVERRIDE if os.geteuid() == 0 else []


def _works(mode: str, folder: Path) -> bool:
    """Whether ``mode`` makes ``folder`` unwritable here (needs unshare, setpriv and the rights to use them)."""
    wrapper = _wrapper(mode, folder)
    if wrapper and not shutil.which(wrapper[0]):
        return False
    done = subprocess.run([*wrapper, "sh", "-c", 'touch "$0/.probe"', str(folder)], capture_output=True)
    return done.returncode != 0


@dataclasses.dataclass
class Frozen:
    """A folder with a tollbook corpus that tollbook cannot write: ``mount`` makes it a read-only
    file system; ``chmod`` sets 0o555 on the folder and 0o444 on the file (as root, tollbook then
    runs without the capabilities that override permission bits)."""

    folder: Path
    url: str
    mode: str
    event_id: str

    def run(self, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
        argv = [*_wrapper(self.mode, self.folder), str(TOLLBOOK), *args, "--db", self.url]
        env = {k: v for k, v in os.environ.items() if k != "TOLLBOOK_DB"}
        return subprocess.run(argv, capture_output=True, text=True, input=stdin, env=env, timeout=300)

    def files(self) -> dict[str, str]:
        return {p.name: _digest(p) for p in sorted(self.folder.iterdir())}

    @property
    def reason(self) -> str:
        return "read-only file system" if self.mode == "mount" else "no write permission"


@pytest.fixture(scope="module", params=["chmod", "mount"])
def frozen(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Frozen]:
    mode = request.param
    folder = tmp_path_factory.mktemp(f"frozen-{mode}")
    path = folder / "corpus.db"
    url = f"sqlite:///{path}"
    with Corpus(url) as corpus:
        corpus.add(Document(text=LIMA, published="2024-03-13", title="Lima"), tollbook.extract(LIMA, "2024-03-13"),
                   extractor_version="1")
        build_events(corpus)  # stored, as `tollbook events` leaves them
        event_id = corpus.events()[0]["id"]
    assert sorted(p.name for p in folder.iterdir()) == ["corpus.db"]
    if mode == "chmod":
        path.chmod(0o444)
        folder.chmod(0o555)
    try:
        if not _works(mode, folder):
            pytest.skip(f"cannot make a folder read-only here with {' '.join(_wrapper(mode, folder)[:2])} "
                        "(needs util-linux unshare/setpriv and the rights to use them)")
        yield Frozen(folder, url, mode, event_id)
    finally:
        folder.chmod(0o755)
        path.chmod(0o644)


READ_ONLY_COMMANDS: list[tuple[list[str], Callable[[str], bool]]] = [
    (["claims", "--format", "jsonl"], lambda out: json.loads(out.splitlines()[0])["figure"] == "12"),
    (["claims", "--format", "csv"], lambda out: "Lima" in out),
    (["events", "--format", "jsonl"], lambda out: "Lima" in out),
    (["events", "--window", "5", "--format", "jsonl"], lambda out: "Lima" in out),  # rebuilt in memory
    (["event", "{event}", "--format", "json"], lambda out: json.loads(out)["id"] != ""),
    (["event", "{event}", "--window", "5"], lambda out: "killed" in out),
    (["export", "--format", "ged-csv"], lambda out: "-12.04318" in out),
    (["export", "--format", "jsonl", "--window", "5"], lambda out: "Lima" in out),
    (["user", "list"], lambda out: out == ""),
]


@pytest.mark.parametrize(("command", "check"), READ_ONLY_COMMANDS, ids=lambda c: " ".join(c) if isinstance(c, list)
                         else "")
def test_read_only_commands_work_on_a_read_only_database(frozen: Frozen, command: list[str], check) -> None:
    before = frozen.files()
    done = frozen.run(*(a.format(event=frozen.event_id) for a in command))
    assert done.returncode == 0, done.stderr
    assert check(done.stdout), done.stdout
    assert frozen.files() == before  # nothing written, no -wal or -shm file


@pytest.mark.parametrize("command", [["ingest", "{text}"], ["db", "upgrade"],
                                     ["user", "add", "bob", "--password-stdin"]],
                         ids=lambda c: " ".join(c[:2]))
def test_writing_to_a_read_only_database_says_where_and_why(frozen: Frozen, command: list[str],
                                                            tmp_path: Path) -> None:
    text = tmp_path / "other.txt"
    text.write_text("Police said 4 people were injured in Quito on Friday.", encoding="utf-8")
    done = frozen.run(*(a.format(text=text) for a in command), stdin="long enough password\n")
    assert done.returncode == 1, done.stdout + done.stderr
    lines = [line for line in _error_lines(done.stderr) if line.startswith("error:")]
    assert len(lines) == 1, done.stderr
    assert str(frozen.folder) in lines[0] and frozen.reason in lines[0], lines[0]
    assert "claims, events, event, export" in lines[0]  # what still works


def test_unknown_event_is_one_line_not_a_bug_report(writable_db: str) -> None:
    result = _runner().invoke(app, ["event", "Enope", "--db", writable_db])
    assert result.exit_code == 1, result.output
    assert _error_lines(result.stderr) == ["error: event: no event 'Enope' (see `tollbook events`)"]


@pytest.fixture
def writable_db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'corpus.db'}"
    with Corpus(url) as corpus:
        corpus.add(Document(text=LIMA, published="2024-03-13"), tollbook.extract(LIMA, "2024-03-13"),
                   extractor_version="1")
    return url
