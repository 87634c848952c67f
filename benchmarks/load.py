"""The officials list under load: concurrent clients against gunicorn on loopback (not run by `make test`).

    DATABASE_URL=postgres://.../cadreplan_scale python benchmarks/load.py [--clients 10] [--requests 300]
        [--workers 3] [--user-scope national|province] [--path /can-bo/?page=2]

Starts gunicorn on 127.0.0.1:<free port> against the database of DATABASE_URL, logs a user in (a
superuser for the national scope, else a viewer of the first province), then runs `--clients` threads,
each with its own session cookie, requesting the officials list (URL `people:list`) until `--requests`
requests are done in all. Prints p50, p95 and max latency, throughput and the errors (non-200 or
failed connections); stops gunicorn. Goal: p95 <= 250 ms with 10 clients and no error.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_P95_MS = 250.0
PASSWORD = "bench-load-password-2026"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, round(pct / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def bench_user(scope: str) -> str:
    """Create (or reset) the benchmark user in the scale database; return its username."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadreplan.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from apps.accounts.models import Membership, Role, User
    from apps.organizations.models import Level, Organization

    username = f"bench_load_{scope}"
    user, _ = User.objects.get_or_create(username=username, defaults={"full_name": "Benchmark"})
    user.set_password(PASSWORD)
    user.is_superuser = user.is_staff = scope == "national"
    user.save()
    if scope == "province":
        province = Organization.objects.filter(level=Level.PROVINCE).order_by("path").first()
        Membership.objects.get_or_create(user=user, organization=province, defaults={"role": Role.VIEWER})
    from django.db import connections

    connections.close_all()
    return username


def opener_for() -> tuple[urllib.request.OpenerDirector, http.cookiejar.CookieJar]:
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar)), jar


def log_in(base: str, username: str, next_path: str) -> urllib.request.OpenerDirector:
    """A cookie-keeping opener logged in through the login form (CSRF token included)."""
    opener, jar = opener_for()
    page = opener.open(f"{base}/dang-nhap/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if token is None:
        raise RuntimeError("no CSRF token on the login page")
    body = urllib.parse.urlencode(
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1), "next": next_path}
    ).encode()
    request = urllib.request.Request(
        f"{base}/dang-nhap/", data=body, headers={"Referer": f"{base}/dang-nhap/"}
    )
    opener.open(request, timeout=30).read()
    if not any(cookie.name == "sessionid" for cookie in jar):
        raise RuntimeError("login failed: no session cookie")
    return opener


def wait_until_up(base: str, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited at start-up")
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=2).read()
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer in time")


def main(argv: list[str] | None = None) -> int:
    """Run the load; print the table; exit 1 when the goal is missed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--requests", type=int, default=300, help="requests in all (after one warm-up each)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes (2-4)")
    parser.add_argument("--user-scope", choices=("national", "province"), default="national")
    parser.add_argument("--path", default="/can-bo/", help="the officials list URL (people:list)")
    parser.add_argument("--wsgi", default="cadreplan.wsgi", help="WSGI module for gunicorn (to try a change)")
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL"):
        print("set DATABASE_URL to the scale database", file=sys.stderr)
        return 2

    username = bench_user(args.user_scope)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "DEBUG": "0", "HTTPS": "0", "ALLOWED_HOSTS": "127.0.0.1", "LOG_LEVEL": "ERROR"}
    gunicorn = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            args.wsgi,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    try:
        wait_until_up(base, gunicorn)
        openers = [log_in(base, username, args.path) for _ in range(args.clients)]
        for opener in openers:  # one warm-up request per client: worker imports, connections
            opener.open(base + args.path, timeout=60).read()
        remaining = [args.requests]

        def client(opener: urllib.request.OpenerDirector) -> None:
            while True:
                with lock:
                    if remaining[0] <= 0:
                        return
                    remaining[0] -= 1
                started = time.perf_counter()
                try:
                    with opener.open(base + args.path, timeout=60) as response:
                        response.read()
                        status = response.status
                        final = response.geturl()
                except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
                    with lock:
                        errors.append(repr(exc))
                    continue
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    latencies.append(elapsed)
                    if status != 200 or "dang-nhap" in final:
                        errors.append(f"{status} {final}")

        threads = [threading.Thread(target=client, args=(opener,)) for opener in openers]
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - began
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        try:
            gunicorn.wait(timeout=30)
        except subprocess.TimeoutExpired:
            gunicorn.kill()

    if not latencies:
        print(f"no request succeeded; errors: {errors[:5]}")
        return 1
    p95 = percentile(latencies, 95)
    print(
        f"GET {args.path} as a {args.user_scope} user: {args.clients} clients, {args.workers} gunicorn workers, "
        f"{len(latencies)} requests in {wall:.1f} s ({len(latencies) / wall:.1f} req/s)"
    )
    print(f"{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}{'mean ms':>10}{'errors':>8}")
    print(
        f"{statistics.median(latencies):>10.1f}{p95:>10.1f}{max(latencies):>10.1f}"
        f"{statistics.fmean(latencies):>10.1f}{len(errors):>8}"
    )
    for error in errors[:5]:
        print("  error:", error)
    met = p95 <= GOAL_P95_MS and not errors
    print(f"goal: p95 <= {GOAL_P95_MS:.0f} ms and no error: {'met' if met else 'MISSED'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
