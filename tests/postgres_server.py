"""A throw-away PostgreSQL server for the tests: its own folder, port and socket.

The Debian packages put the server's programs in ``/usr/lib/postgresql/<version>/bin``
(``make test`` installs them; ``make run`` never does).  ``initdb`` refuses to run as
root, as CI does: there the folder is given to the unprivileged ``nobody`` user and the
server's programs run as that user (``runuser``).  The server listens on 127.0.0.1 on a
free port, keeps its socket in its own folder, trusts local connections (nothing but the
tests ever reaches it) and skips fsync (its data dies with the session).

``python -m tests.postgres_server`` starts one, prints its URL and waits for Enter, to
try things by hand.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

#: Where the Debian packages install the server, newest first.
SERVER_GLOBS = ("/usr/lib/postgresql/*/bin",)
SUPERUSER = "fieldrep"


class PostgresUnavailable(RuntimeError):
    """The test server cannot be started (no binaries, or it would not come up)."""


def server_bin() -> Path:
    """The folder of ``initdb`` and ``pg_ctl`` (the newest installed version)."""
    found = [Path(p) for pattern in SERVER_GLOBS for p in Path("/").glob(pattern.lstrip("/"))
             if (Path(p) / "initdb").exists()]
    if not found:
        on_path = shutil.which("initdb")
        if on_path:
            return Path(on_path).parent
        raise PostgresUnavailable(
            "no PostgreSQL server programs (initdb, pg_ctl) found: `make test` installs the "
            "Debian package postgresql; elsewhere install it, or set "
            "FIELDREP_TEST_POSTGRES_URL to a server the tests may use")
    return sorted(found, key=lambda p: _version(p.parent.name), reverse=True)[0]


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(".") if part.isdigit())


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class PostgresServer:
    """A running throw-away server; :meth:`stop` ends it and removes its folder."""

    folder: Path
    port: int
    bin: Path
    as_user: str | None

    @property
    def url(self) -> str:
        """The URL of the server's ``postgres`` database (to create test databases)."""
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/postgres"

    def database_url(self, name: str) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        _run(self, "pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)


def _run(server: PostgresServer, program: str, *args: str) -> None:
    command = [str(server.bin / program), *args]
    if server.as_user:
        command = ["runuser", "-u", server.as_user, "--", *command]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120,
                            check=False, cwd=server.folder)
    if result.returncode != 0:
        log = server.folder / "server.log"
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        raise PostgresUnavailable(f"{program} failed ({result.returncode}): "
                                  f"{result.stderr.strip() or result.stdout.strip()}\n{tail}")


def start_server() -> PostgresServer:
    """Create a cluster in a new private folder and start it on a free port."""
    binaries = server_bin()
    folder = Path(tempfile.mkdtemp(prefix="fieldrep-postgres-"))
    as_user = None
    if os.geteuid() == 0:  # initdb refuses root: the cluster belongs to nobody
        as_user = "nobody"
        shutil.chown(folder, user=as_user)
    server = PostgresServer(folder=folder, port=_free_port(), bin=binaries, as_user=as_user)
    try:
        _run(server, "initdb", "-D", str(folder / "data"), "-U", SUPERUSER, "--auth=trust",
             "-E", "UTF8", "--locale=C", "--no-sync")
        options = (f"-p {server.port} -k {folder} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                   "-c max_connections=200")
        _run(server, "pg_ctl", "-D", str(folder / "data"), "-o", options,
             "-l", str(folder / "server.log"), "-w", "-t", "60", "start")
    except (PostgresUnavailable, OSError, subprocess.SubprocessError) as exc:
        shutil.rmtree(folder, ignore_errors=True)
        if isinstance(exc, PostgresUnavailable):
            raise
        raise PostgresUnavailable(f"cannot start the test PostgreSQL server: {exc}") from exc
    return server


if __name__ == "__main__":
    running = start_server()
    print(running.url)
    try:
        input("PostgreSQL is running; press Enter to stop it. ")
    finally:
        running.stop()


def grant_manager(server_url: str, url: str) -> None:
    """Make the login of ``url`` a member of FieldRep's manager role (created if missing),
    as the superuser of ``server_url``."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from fieldrep.team.identity import MANAGER_ROLE

    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        if connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"),
                              {"r": MANAGER_ROLE}).first() is None:
            connection.execute(text(f"CREATE ROLE {MANAGER_ROLE}"))
        connection.execute(text(f"GRANT {MANAGER_ROLE} TO {make_url(url).username}"))
    admin.dispose()
