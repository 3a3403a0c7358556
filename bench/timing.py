"""The measures bench/site.py reports: renders in process, and requests per second under gunicorn.

Call after django.setup(), with the settings the pages are to be measured under.
"""

import http.client
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from unlops.cache import bump_content_version

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 3


def in_process(urls, runs):
    client = Client(HTTP_HOST="127.0.0.1")
    rows = {}
    for label, url in urls.items():
        response = client.get(url)  # Renditions are made here, once.
        assert response.status_code == 200, (url, response.status_code)
        bump_content_version()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        query_count = len(queries)  # Now: the next request empties the log it reads.
        uncached, uncached_cpu = [], []
        for _ in range(runs):
            bump_content_version()
            start, start_cpu = time.perf_counter(), time.process_time()
            client.get(url)
            uncached.append(time.perf_counter() - start)
            uncached_cpu.append(time.process_time() - start_cpu)
        client.get(url)
        cached = []
        for _ in range(runs * 5):
            start = time.perf_counter()
            client.get(url)
            cached.append(time.perf_counter() - start)
        rows[label] = {
            "url": url,
            "uncached": statistics.median(uncached) * 1000,
            "uncached_cpu": statistics.median(uncached_cpu) * 1000,
            "cached": statistics.median(cached) * 1000,
            "queries": query_count,
            "bytes": len(response.content),
        }
    return rows


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(port, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1"})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def hammer(args):
    """One client: requests on a keep-alive connection for ``seconds``; (done, failed)."""
    port, path, seconds = args
    done = failed = 0
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        try:
            conn.request("GET", path, headers={"Host": "127.0.0.1"})
            response = conn.getresponse()
            response.read()
            if response.status == 200:
                done += 1
            else:
                failed += 1
            if response.will_close:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        except (OSError, http.client.HTTPException):
            failed += 1
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.close()
    return done, failed


def under_gunicorn(urls, *, seconds, clients, workers, threads, log):
    from django.contrib.staticfiles.storage import staticfiles_storage

    static = "/" + staticfiles_storage.url("css/site.css").lstrip("/")
    port = free_port()
    env = {
        **os.environ,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(workers),
        "GUNICORN_THREADS": str(threads),
        "GUNICORN_ACCESS_LOG": "",
        "GUNICORN_LOG_LEVEL": "warning",
        "GUNICORN_MAX_REQUESTS": "0",
    }
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "--config", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    try:
        for _ in range(100):
            try:
                if fetch(port, "/")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError(f"gunicorn did not start; see {log.name}")
        rates = {}
        statics = []
        with multiprocessing.get_context("fork").Pool(clients) as pool:

            def rate(url, duration):
                results = pool.map(hammer, [(port, url, duration)] * clients)
                return sum(r[0] for r in results) / duration, sum(r[1] for r in results)

            rate(static, 0.5)
            for label, url in urls.items():
                # Every worker and thread gets the page into its cache first.
                rate(url, 0.3)
                # The machine may be busy with other work: the page and the static file take
                # turns, and each turn gives a ratio; the median ratio is reported.
                page_rates, ratios, failed = [], [], 0
                for _ in range(ROUNDS):
                    static_rate, _failed = rate(static, seconds / ROUNDS)
                    page_rate, page_failed = rate(url, seconds / ROUNDS)
                    statics.append(static_rate)
                    page_rates.append(page_rate)
                    ratios.append(page_rate / static_rate if static_rate else 0)
                    failed += page_failed
                rates[label] = {
                    "rps": statistics.median(page_rates),
                    "ratio": statistics.median(ratios),
                    "failed": failed,
                }
        rates["static"] = {"rps": statistics.median(statics)}
        return static, rates
    finally:
        server.terminate()
        server.wait(timeout=10)
