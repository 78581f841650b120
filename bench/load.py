"""Load benchmark of the hall pages and the reviewer queue (run by bench/run.py, i.e. ``make bench``).

gunicorn (2 sync workers) on 127.0.0.1 and a free port, on PostgreSQL (``<BENCH_DATABASE_URL>_load``, recreated);
a unit with 10,000 insured staff and 5,000 submissions seeded with COPY; 8 agents and 8 reviewers log in through
the real login form (CSRF token + POST); then each page is loaded by 8 client threads for BENCH_LOAD_SECONDS
(default 20, in 4 alternating turns) against a bare-db view measured in the same run. The client runs niced in this process (keep-alive
``http.client``); its CPU share is printed. Finally the single-request time of 参保人员 at 100,000 and 1,000 staff.
"""

import http.client
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
USERS = 8
SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "20"))
ROUNDS = 4  # each page's SECONDS in this many turns
PAGES = {
    "bare_db": "/bench/bare-db/",
    "home": "/unit/",
    "todo": "/unit/tasks/todo/",
    "tasks": "/unit/tasks/",
    "members": "/unit/members/",
    "queue": "/admin/reviews/submission/",
}


def _database_url() -> str:
    base = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/siportal_bench")
    return base + "_load"


def _recreate(url: str) -> None:
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _env() -> dict:
    env = dict(os.environ)
    env.update(DATABASE_URL=_database_url(), DJANGO_SETTINGS_MODULE="bench_settings", SECRET_KEY="bench-load",
               ALLOWED_HOSTS="127.0.0.1,testserver", DEBUG="false", DEMO_MODE="false",
               PYTHONPATH=os.pathsep.join([str(HERE), str(ROOT)]),
               MEDIA_ROOT=os.path.join(tempfile.gettempdir(), "siportal-bench-media"))
    env.pop("REDIS_URL", None)
    # The production topology: cache and sessions in Redis (this machine's, database 15, by default);
    # BENCH_REDIS_URL= (empty) measures the database-only setup instead.
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


# ---------------------------------------------------------------- seed (in this process, COPY for bulk rows)

def _persons(prefix: str, n: int) -> list[int]:
    from accounts.models import Person
    from reviews.imports.bulk import bulk_insert

    bulk_insert(Person, (Person(id_type="99", id_number=f"{prefix}{i:08d}", name=f"职工{i:06d}",
                                mobile=f"139{i:08d}") for i in range(n)))
    return list(Person.objects.filter(id_type="99", id_number__startswith=prefix).values_list("pk", flat=True))


def _staff(unit, opening, prefix: str, n: int) -> None:
    from enrollment.models import Membership
    from reviews.imports.bulk import bulk_insert

    month = time.strftime("%Y%m")
    rows = (Membership(person_id=pk, unit=unit, insurance_type=t, status="1" if i % 10 else "2",
                       start_month=month, last_action="enrol", last_submission=opening)
            for i, pk in enumerate(_persons(prefix, n)) for t in ("110", "310"))
    bulk_insert(Membership, rows)
    try:  # the stored per-person last change of the 参保人员 list, rebuilt after a bulk load
        from enrollment.services.members import unit_members_refresh
    except ImportError:
        return
    unit_members_refresh(unit=unit)


def _submissions(unit, agents, n: int) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from reviews.imports.bulk import bulk_insert
    from reviews.models import Submission

    now = timezone.now()
    states = ["submitted", "in_review", "done", "done", "done", "returned", "draft"] + ["done"] * 20
    rows = []
    for i in range(n):
        state = states[i % len(states)] if i >= 60 else ("draft" if i % 2 else "returned")
        sent = state != "draft"
        rows.append(Submission(number=f"L{unit.pk:04d}{i:08d}", kind="staff_add", unit=unit, region=unit.region,
                               state=state, submitter=agents[i % len(agents)], was_returned=state == "returned",
                               return_reason="材料不全" if state == "returned" else "",
                               submitted_at=now - timedelta(minutes=n - i) if sent else None,
                               decided_at=now if state == "done" else None))
    bulk_insert(Submission, rows)


def seed() -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from tests import factories
    from tests.enrollment import factories as ef

    call_command("migrate", verbosity=0)
    city = factories.city()
    district = factories.district(city, "990101", "东城区")
    reviewers = [factories.reviewer(city, username=f"bench_rev{i}") for i in range(USERS)]
    units = {}
    for label, staff in (("load", 10_000), ("k1", 1_000), ("k100", 100_000)):
        unit = factories.unit(region=district, name=f"压测单位{label}有限公司")
        agents = [factories.agent(unit, username=f"{label}_agent{i}") for i in range(USERS)]
        ef.open_unit(agents[0], reviewers[0])
        from reviews.models import Submission
        opening = Submission.objects.get(unit=unit, kind="unit_opening")
        _staff(unit, opening, f"P{label.upper():>4}", staff)
        units[label] = (unit, agents)
    _submissions(units["load"][0], units["load"][1], 5_000)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {"agents": [a.username for a in units["load"][1]], "reviewers": [r.username for r in reviewers],
            "k1": units["k1"][1][0], "k100": units["k100"][1][0]}


def members_100k_vs_1k(small_agent, big_agent) -> float:
    """Median single-request time of 参保人员 in the two units, requests alternating so that the load of a busy
    machine falls on both alike. Computed afresh on every request (data versions off): what is measured is the
    list's queries, not the cache that spares them."""
    from django.test import Client
    from django.test.utils import override_settings

    clients = []
    for agent in (small_agent, big_agent):
        client = Client()
        client.force_login(agent)
        clients.append(client)
    samples: list[list[float]] = [[], []]
    with override_settings(DATA_VERSIONS=False):
        for i in range(35):
            for which, client in enumerate(clients):
                start = time.perf_counter()
                response = client.get("/unit/members/")
                assert response.status_code == 200, response.status_code
                if i >= 5:  # warm-up
                    samples[which].append((time.perf_counter() - start) * 1000)
    small, big = (statistics.median(s) for s in samples)
    print(f"BENCH members_page_1k {small:.1f} ms", flush=True)
    print(f"BENCH members_page_100k {big:.1f} ms", flush=True)
    return big / small


def computed_and_cached(agent_name) -> None:
    """Single-request times of the hall pages in the 10,000-staff unit, computed afresh (data versions off: the
    first view after a change) and served from the data-version cache (every later view until the next change)."""
    from django.test import Client
    from django.test.utils import override_settings

    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=agent_name))
    for page in ("home", "todo", "tasks", "members"):
        for label, on in (("computed", False), ("cached", True)):
            with override_settings(DATA_VERSIONS=on):
                times = []
                for i in range(25):
                    start = time.perf_counter()
                    assert client.get(PAGES[page]).status_code == 200
                    if i >= 5:
                        times.append((time.perf_counter() - start) * 1000)
            print(f"BENCH page_{page}_{label} {statistics.median(times):.1f} ms", flush=True)


# ---------------------------------------------------------------- server and client

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_up(port: int, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn exited at start-up")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def _request(conn, method, path, cookies, body=None, headers=None):
    headers = dict(headers or {})
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    for name, value in response.getheaders():
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            cookies[key] = rest.split(";", 1)[0]
    return response.status, data


def login(port: int, username: str) -> dict:
    """The real login form: GET it for the CSRF token and cookie, POST the credentials, keep the session."""
    from urllib.parse import urlencode

    from tests.factories import PASSWORD

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    cookies: dict = {}
    status, page = _request(conn, "GET", "/accounts/login/", cookies)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    body = urlencode({"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD})
    status, _ = _request(conn, "POST", "/accounts/login/", cookies, body,
                         {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 302 and "sessionid" in cookies, f"login of {username} failed ({status})"
    conn.close()
    return cookies


def load(port: int, path: str, sessions: list[dict], seconds: float) -> dict:
    """``len(sessions)`` threads request ``path`` back to back for ``seconds``; latencies, errors, client CPU."""
    stop_at = time.monotonic() + seconds
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def user(cookies):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        while time.monotonic() < stop_at:
            start = time.perf_counter()
            try:
                status, _ = _request(conn, "GET", path, dict(cookies))
            except (OSError, http.client.HTTPException):
                status = 0
                conn.close()
            mine.append((time.perf_counter() - start) * 1000)
            if status != 200:
                with lock:
                    errors[0] += 1
        conn.close()
        with lock:
            latencies.extend(mine)

    cpu, wall = time.process_time(), time.monotonic()
    threads = [threading.Thread(target=user, args=(c,)) for c in sessions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"wall": time.monotonic() - wall, "latencies": latencies, "errors": errors[0],
            "cpu": time.process_time() - cpu}


def merged(runs: list[dict]) -> dict:
    """One page's rounds together: requests per second, 95th percentile latency, errors, the client's CPU."""
    wall = sum(r["wall"] for r in runs)
    latencies = [ms for r in runs for ms in r["latencies"]]
    return {"rps": len(latencies) / wall, "p95": statistics.quantiles(latencies, n=20)[-1] if latencies else 0,
            "errors": sum(r["errors"] for r in runs), "client_cpu": sum(r["cpu"] for r in runs) / wall}


def main():
    url = _database_url()
    if not url.startswith("postgres"):
        print("BENCH load skipped (needs PostgreSQL)", flush=True)
        return
    _recreate(url)
    os.environ.update(_env())
    sys.path[:0] = [str(HERE), str(ROOT)]
    started = time.monotonic()
    who = seed()
    print(f"BENCH load_seed {time.monotonic() - started:.1f} s", flush=True)
    ratio = members_100k_vs_1k(who["k1"], who["k100"])
    computed_and_cached(who["agents"][0])
    from django.db import connections

    connections.close_all()
    port = _free_port()
    log = Path(tempfile.mkstemp(prefix="bench-gunicorn-", suffix=".log")[1])
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "siportal.wsgi:application", "--workers", "2",
         "--worker-class", "sync", "--bind", f"127.0.0.1:{port}", "--timeout", "60", "--error-logfile", str(log)],
        env=_env(), cwd=ROOT, start_new_session=True)
    try:
        _wait_up(port, server)
        os.nice(5)  # the client yields to the server (started before this, so not niced)
        hall = [login(port, name) for name in who["agents"]]
        centre = [login(port, name) for name in who["reviewers"]]
        runs: dict[str, list] = {page: [] for page in PAGES}
        for page, path in PAGES.items():  # warm-up: worker caches, connections
            load(port, path, centre if page == "queue" else hall, 1.0)
        for _ in range(ROUNDS):  # pages take turns, so that the machine's other load falls on all of them alike
            for page, path in PAGES.items():
                runs[page].append(load(port, path, centre if page == "queue" else hall, SECONDS / ROUNDS))
        results = {page: merged(page_runs) for page, page_runs in runs.items()}
        bare = results["bare_db"]["rps"] or 1
        for page, r in results.items():
            print(f"BENCH load_{page}_rps {r['rps']:.1f} req/s", flush=True)
            print(f"BENCH load_{page}_p95 {r['p95']:.1f} ms", flush=True)
            if page != "bare_db":
                print(f"BENCH load_{page}_vs_bare_db {r['rps'] / bare:.2f}", flush=True)
            if r["errors"]:
                print(f"BENCH load_{page}_errors {r['errors']}", flush=True)
        errors = sum(r["errors"] for r in results.values())
        cpu = max(r["client_cpu"] for r in results.values())
        print(f"BENCH load_errors {errors}", flush=True)
        print(f"BENCH load_client_cpu_max {cpu * 100:.0f} % of one core", flush=True)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.unlink(missing_ok=True)
    print(f"BENCH members_page_100k_vs_1k {ratio:.2f}", flush=True)


if __name__ == "__main__":
    main()
