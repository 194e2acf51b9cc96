"""Fixtures for the store tests: a throwaway PostgreSQL server and a store per backend.

Import the fixtures into a test module (``from tests.store_support import store``) to
run its tests against both SQLite and PostgreSQL. The PostgreSQL server is started once
per test session from Debian's binaries (``apt-get install -y postgresql``) in a
temporary folder, listening only on a unix socket there; tests skip with a message when
the binaries or psycopg are absent.
"""

from __future__ import annotations

import atexit
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from newsprism.store import Store, open_store

PG_PORT = 54329  # only names the socket file, in a private folder: never conflicts


def _pg_bindir() -> Path | None:
    """The folder of initdb and pg_ctl: the newest Debian install, or on PATH."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                   key=lambda path: int(path.parent.parent.name) if path.parent.parent.name.isdigit() else 0)
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb and shutil.which("pg_ctl") else None


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")


_SERVER: dict[str, str] = {}  # one server per test process, shared by every test module


def _start_server() -> str:
    """Start the session's server once; returns its socket folder or raises pytest.skip."""
    if "skip" in _SERVER:
        pytest.skip(_SERVER["skip"])
    if "socket" in _SERVER:
        return _SERVER["socket"]
    bindir = _pg_bindir()
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _SERVER["skip"] = "PostgreSQL tests need psycopg: pip install 'newsprism[postgres]'"
        pytest.skip(_SERVER["skip"])
    if bindir is None:
        _SERVER["skip"] = ("PostgreSQL tests need the server binaries (initdb, pg_ctl): "
                           "apt-get install -y postgresql")
        pytest.skip(_SERVER["skip"])
    root = Path(tempfile.mkdtemp(prefix="newsprism-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        try:
            account = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(root)
            _SERVER["skip"] = ("PostgreSQL tests run as root need the 'postgres' system user "
                               "(created by apt-get install postgresql)")
            pytest.skip(_SERVER["skip"])
        os.chown(root, account.pw_uid, account.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    data = root / "data"
    options = (f"-p {PG_PORT} -k {root} -c listen_addresses='' -c fsync=off "
               "-c full_page_writes=off -c synchronous_commit=off")
    try:
        _run([*as_user, str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
              "-E", "UTF8", "--locale=C"])
        _run([*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-l", str(root / "server.log"), "-w",
              "-o", options, "start"])
    except (RuntimeError, OSError) as exc:
        shutil.rmtree(root, ignore_errors=True)
        _SERVER["skip"] = f"could not start a PostgreSQL server for the tests: {exc}"
        pytest.skip(_SERVER["skip"])

    def stop() -> None:
        subprocess.run([*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True, check=False)
        shutil.rmtree(root, ignore_errors=True)

    atexit.register(stop)
    _SERVER["socket"] = str(root)
    return str(root)


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The socket folder of a PostgreSQL server running for this test process (stopped at
    exit); skips when the binaries or psycopg are absent."""
    return _start_server()


def pg_url(socket_dir: str, database: str) -> str:
    return f"postgresql://postgres@/{database}?host={socket_dir}&port={PG_PORT}"


@pytest.fixture
def pg_database(postgres_server: str) -> Iterator[str]:
    """The URL of a fresh, empty database on the session's server."""
    import psycopg

    name = f"store_{uuid.uuid4().hex[:12]}"
    admin = pg_url(postgres_server, "postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield pg_url(postgres_server, name)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def pg_shared(postgres_server: str) -> str:
    """One migrated database shared by the behavioural tests (emptied before each)."""
    import psycopg

    url = pg_url(postgres_server, "store_shared")
    if "shared" not in _SERVER:
        with psycopg.connect(pg_url(postgres_server, "postgres"), autocommit=True) as conn:
            conn.execute('CREATE DATABASE "store_shared"')
        open_store(url).close()
        _SERVER["shared"] = url
    return url


def _empty(url: str) -> None:
    """Delete every row but the schema's (faster than TRUNCATE on tiny tables); foreign
    key triggers are off for this session so the order does not matter."""
    import psycopg

    with psycopg.connect(url) as conn:
        conn.execute("SET session_replication_role = replica")
        tables = [row[0] for row in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_version'")]
        for table in tables:
            conn.execute(f'DELETE FROM "{table}"')


@pytest.fixture(params=["sqlite", "postgres"])
def store_location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where an empty store lives: a SQLite file, or a PostgreSQL database URL."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    url = request.getfixturevalue("pg_shared")
    _empty(url)
    return url


@pytest.fixture(params=["sqlite", "postgres"])
def store_factory(request: pytest.FixtureRequest) -> tuple[Callable[[], Store], bool]:
    """(a function that opens an empty store each call, whether the backend can hold NUL
    characters in text): for tests that need many fresh stores, e.g. property tests."""
    if request.param == "sqlite":
        return (lambda: open_store(":memory:")), True
    url = request.getfixturevalue("pg_shared")

    def opener() -> Store:
        _empty(url)
        return open_store(url)

    return opener, False


@pytest.fixture
def store(store_location: str) -> Iterator[Store]:
    """A fresh, open store on each backend."""
    with open_store(store_location) as opened:
        yield opened
