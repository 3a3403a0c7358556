"""Load test: 64 concurrent connections for 60 s on the demo issue's page, under gunicorn.

Builds a throw-away SQLite database and media folder with the demo issue (`load_demo`), so it
touches nothing of yours, starts gunicorn with this project's gunicorn.conf.py and production
settings (DJANGO_DEBUG=0, static files collected) on a free 127.0.0.1 port, and drives it with wrk
when installed (`apt-get install wrk`), else with Python threads on keep-alive connections:

    .venv/bin/python bench/load.py                          # 64 connections, 60 s
    .venv/bin/python bench/load.py -c 16 -d 10 --engine python

Prints requests, requests per second, latency p50/p95/p99/max, errors and 5xx responses, and exits
non-zero if there was any error or 5xx. Traffic goes to the loopback only and stops by itself.
"""

import argparse
import http.client
import json
import os
import runpy
import secrets
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # loopback only, by design
MAX_DURATION = 600
MAX_CONNECTIONS = 1024
MAX_REQUESTS = 5_000_000  # a bound on the Python engine's count, whatever the duration

WRK_SCRIPT = r"""
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) s5xx = 0; other = 0 end
function response(status, headers, body)
  if status >= 500 then s5xx = s5xx + 1 elseif status ~= 200 then other = other + 1 end
end
function done(summary, latency, requests)
  local s5, o = 0, 0
  for _, t in ipairs(threads) do s5 = s5 + t:get("s5xx"); o = o + t:get("other") end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %f, "p50": %f, "p95": %f, "p99": %f, "max": %f, ' ..
    '"socket_errors": %d, "non_200": %d, "5xx": %d}\n',
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1e3, latency:percentile(95) / 1e3, latency:percentile(99) / 1e3,
    latency.max / 1e3, e.connect + e.read + e.write + e.timeout, o, s5))
end
"""


def free_port():
    with closing(socket.socket()) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )


def wait_until_up(port, path, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn stopped before it answered; see its log above.")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            conn.request("GET", path)
            status = conn.getresponse().status
            conn.close()
            if status == 200:
                return
            raise SystemExit(f"{path} answered {status}, not 200.")
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer within {timeout} s.")


def gunicorn_config(env):
    """The settings gunicorn.conf.py gives under ``env``."""
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        return runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    finally:
        os.environ.clear()
        os.environ.update(saved)


def run_wrk(port, path, connections, duration, workdir):
    script = Path(workdir) / "count.lua"
    script.write_text(WRK_SCRIPT)
    threads = min(os.cpu_count() or 1, connections)
    result = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            f"http://{HOST}:{port}{path}",
        ],
        capture_output=True,
        text=True,
        timeout=duration + 60,
    )
    line = next((x for x in result.stdout.splitlines() if x.startswith("RESULT ")), None)
    if result.returncode != 0 or line is None:
        raise SystemExit(f"wrk failed:\n{result.stdout}\n{result.stderr}")
    figures = json.loads(line.removeprefix("RESULT "))
    figures["errors"] = figures.pop("socket_errors") + figures.pop("non_200")
    return figures


def run_python(port, path, connections, duration):
    deadline = time.monotonic() + duration
    per_connection = MAX_REQUESTS // connections
    latencies, lock = [], threading.Lock()
    counts = {"errors": 0, "5xx": 0}

    def client():
        mine, errors, server_errors = [], 0, 0
        conn = http.client.HTTPConnection(HOST, port, timeout=10)
        while time.monotonic() < deadline and len(mine) + errors < per_connection:
            started = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                errors += 1
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=10)
                continue
            mine.append((time.perf_counter() - started) * 1000)
            if response.status >= 500:
                server_errors += 1
            elif response.status != 200:
                errors += 1
        conn.close()
        with lock:
            latencies.extend(mine)
            counts["errors"] += errors
            counts["5xx"] += server_errors

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.monotonic() - started
    if not latencies:
        return {"requests": 0, "seconds": seconds, **counts}
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return {
        "requests": len(latencies),
        "seconds": seconds,
        "p50": cuts[49],
        "p95": cuts[94],
        "p99": cuts[98],
        "max": max(latencies),
        **counts,
    }


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--connections", type=int, default=64)
    parser.add_argument("-d", "--duration", type=int, default=60, help="seconds")
    parser.add_argument("--path", default="/issues/october-2016-may-2017/")
    parser.add_argument("--engine", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: its config's)")
    parser.add_argument("--threads", type=int, help="threads per worker (default: its config's)")
    parser.add_argument("--redis", help="REDIS_URL for a cache shared by the workers")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args()
    if not 1 <= args.connections <= MAX_CONNECTIONS:
        parser.error(f"--connections must be 1 to {MAX_CONNECTIONS}")
    if not 1 <= args.duration <= MAX_DURATION:
        parser.error(f"--duration must be 1 to {MAX_DURATION} seconds")
    if not args.path.startswith("/"):
        parser.error("--path is a path on the test server, such as /issues/")
    if args.engine == "auto":
        args.engine = "wrk" if shutil.which("wrk") else "python"
    elif args.engine == "wrk" and not shutil.which("wrk"):
        parser.error("wrk is not installed (apt-get install wrk), use --engine python")
    return args


def site_env(args, workdir, port):
    """This environment without the site's own settings, then those of a throw-away site."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "AWS_", "GUNICORN_"))
        and key not in {"DATABASE_URL", "REDIS_URL", "MEDIA_ROOT", "STATIC_ROOT"}
    }
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=HOST,
        DJANGO_SECURE_SSL_REDIRECT="0",  # plain http on the loopback
        DATABASE_URL=f"sqlite:///{Path(workdir) / 'db.sqlite3'}",
        MEDIA_ROOT=str(Path(workdir) / "media"),
        STATIC_ROOT=str(Path(workdir) / "static"),
        DJANGO_CACHE_DIR=str(Path(workdir) / "cache"),
        GUNICORN_BIND=f"{HOST}:{port}",
        GUNICORN_ACCESS_LOG="",  # 64 connections would spend their time writing the log
    )
    optional = {
        "REDIS_URL": args.redis,
        "GUNICORN_WORKERS": args.workers,
        "GUNICORN_THREADS": args.threads,
    }
    env.update({key: str(value) for key, value in optional.items() if value})
    return env


def load_test(args, env, workdir, port):
    """Start gunicorn on the prepared site, drive it, stop it; the figures and its log."""
    log_path = Path(workdir) / "gunicorn.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            try:
                wait_until_up(port, args.path, server)
            except SystemExit:
                log.flush()
                print(log_path.read_text()[-3000:], file=sys.stderr)
                raise
            describe_server(args, env, workdir, port)
            if args.engine == "wrk":
                figures = run_wrk(port, args.path, args.connections, args.duration, workdir)
            else:
                figures = run_python(port, args.path, args.connections, args.duration)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
    return figures, log_path.read_text()


def describe_server(args, env, workdir, port):
    with closing(sqlite3.connect(Path(workdir) / "db.sqlite3")) as db:
        journal = db.execute("PRAGMA journal_mode").fetchone()[0]
    config = gunicorn_config(env)
    print(
        f"gunicorn on {HOST}:{port}: {config['workers']} workers × {config['threads']} threads; "
        f"SQLite journal {journal}; {args.engine}: {args.connections} connections for "
        f"{args.duration} s on {args.path}",
        file=sys.stderr,
    )


def report(args, figures, server_log):
    """Print the figures; 1 if there was any error or 5xx, else 0."""
    figures.update(
        engine=args.engine,
        connections=args.connections,
        path=args.path,
        worker_restarts=server_log.count("Autorestarting worker"),
    )
    rps = figures["requests"] / figures["seconds"] if figures["seconds"] else 0
    print(f"requests   {figures['requests']} in {figures['seconds']:.1f} s ({args.engine})")
    print(f"rps        {rps:.0f}")
    if figures["requests"]:
        print(
            f"latency    p50 {figures['p50']:.1f} ms · p95 {figures['p95']:.1f} ms · "
            f"p99 {figures['p99']:.1f} ms · max {figures['max']:.1f} ms"
        )
    print(f"errors     {figures['errors']}")
    print(f"5xx        {figures['5xx']}")
    print(f"restarts   {figures['worker_restarts']} workers replaced after max_requests")
    if args.json:
        print(json.dumps({**figures, "rps": round(rps, 1)}))
    failed = figures["errors"] or figures["5xx"] or not figures["requests"]
    if failed:
        tail = "\n".join(server_log.splitlines()[-30:])
        print(f"FAILED: errors or 5xx under load. gunicorn's log ends:\n{tail}", file=sys.stderr)
    return 1 if failed else 0


def main():
    args = parse_args()
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="unlops-load-") as workdir:
        env = site_env(args, workdir, port)
        print("Preparing a throw-away site with the demo issue…", file=sys.stderr)
        manage(env, "migrate", "--noinput")
        manage(env, "load_demo")
        manage(env, "collectstatic", "--noinput")
        figures, server_log = load_test(args, env, workdir, port)
    return report(args, figures, server_log)


if __name__ == "__main__":
    sys.exit(main())
