"""Shared fixtures: a throwaway PostgreSQL server and a fresh database per test (``db_url``)."""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

INSTALL_HINT = (
    "PostgreSQL is needed for the store tests: install it with `apt-get install -y postgresql` "
    "(Debian/Ubuntu; `bash scripts/dev.sh test` does this), or set TOLLBOOK_TEST_POSTGRES to "
    "the URL of a server where the user may CREATE DATABASE"
)


def _pg_bin(name: str) -> str | None:
    """A PostgreSQL program from PATH, else from Debian's /usr/lib/postgresql/*/bin (newest)."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    return candidates[-1] if candidates else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_user() -> str | None:
    """The unprivileged user to run PostgreSQL as when we are root (it refuses to run as root)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    return None


def _as_user(user: str | None, argv: list[str]) -> list[str]:
    if user is None:
        return argv
    if shutil.which("runuser"):
        return ["runuser", "-u", user, "--", *argv]
    return ["su", user, "-s", "/bin/sh", "-c", " ".join(f"'{a}'" for a in argv)]


class _Server:
    """initdb + pg_ctl in a temporary directory; ``stop()`` removes everything."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="tollbook-pg-"))
        self.data = self.root / "data"
        self.sockets = self.root / "sockets"
        self.sockets.mkdir()
        self.user = _server_user()
        self.port = _free_port()
        self.log: list[str] = []
        self.pg_ctl = _pg_bin("pg_ctl")
        if self.user is not None:
            info = pwd.getpwnam(self.user)
            for path in (self.root, self.sockets):
                os.chown(path, info.pw_uid, info.pw_gid)

    def _run(self, argv: list[str]) -> None:
        done = subprocess.run(_as_user(self.user, argv), cwd=self.root, capture_output=True,
                              text=True, timeout=120)
        self.log.append(f"$ {' '.join(argv)}\n{done.stdout}{done.stderr}".rstrip())
        if done.returncode != 0:
            raise RuntimeError(f"{argv[0]} exited with status {done.returncode}")

    def start(self) -> str:
        initdb = _pg_bin("initdb")
        if initdb is None or self.pg_ctl is None:
            raise RuntimeError("initdb or pg_ctl not found in PATH nor in /usr/lib/postgresql/*/bin")
        self._run([initdb, "-D", str(self.data), "-U", "tollbook", "--auth=trust",
                   "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"])
        options = (f"-p {self.port} -k {self.sockets} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        self._run([self.pg_ctl, "-D", str(self.data), "-o", options, "-l", str(self.root / "server.log"),
                   "-w", "-t", "60", "start"])
        return f"postgresql+psycopg://tollbook@127.0.0.1:{self.port}/postgres"

    def server_log(self) -> str:
        path = self.root / "server.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def stop(self) -> None:
        if self.pg_ctl is not None and (self.data / "postmaster.pid").exists():
            subprocess.run(_as_user(self.user, [self.pg_ctl, "-D", str(self.data), "-m", "immediate", "stop"]),
                           cwd=self.root, capture_output=True, timeout=60)
        shutil.rmtree(self.root, ignore_errors=True)


def _admin(url: str, sql: str) -> None:
    """Run one statement outside a transaction (CREATE/DROP DATABASE need that)."""
    import sqlalchemy

    engine = sqlalchemy.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(sql)
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """URL of the maintenance database of a PostgreSQL server that lives for the session."""
    given = os.environ.get("TOLLBOOK_TEST_POSTGRES")
    if given:
        yield given
        return
    server = _Server()
    try:
        url = server.start()
        _admin(url, "SELECT 1")
    except Exception as exc:  # any failure: report everything we saw, never skip
        details = "\n".join(server.log) + "\n" + server.server_log()
        server.stop()
        where = " (CI)" if os.environ.get("CI") else ""
        pytest.fail(f"could not start a throwaway PostgreSQL server{where}: {exc}\n{INSTALL_HINT}\n"
                    f"{details}", pytrace=False)
    try:
        yield url
    finally:
        server.stop()


_numbers = itertools.count(1)


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A new, empty PostgreSQL database for one test (dropped afterwards)."""
    import sqlalchemy

    name = f"t_{os.getpid()}_{next(_numbers)}"
    _admin(postgres_server, f'CREATE DATABASE "{name}"')
    url = sqlalchemy.make_url(postgres_server).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        _admin(postgres_server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database URL: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'corpus.db'}"
    return request.getfixturevalue("postgres_url")


# -- Debian's Chromium through Playwright (report and web tests) ---------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
INSTALL_HINT = (
    f"{CHROMIUM} not found: the report's browser test needs Debian's Chromium; install it with "
    "`apt-get install -y chromium` (or run `bash scripts/dev.sh test`, which does)"
)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """A headless Chromium shared by the tests of this folder; fails (never skips) when missing."""
    if not CHROMIUM.exists():
        pytest.fail(INSTALL_HINT, pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
