"""Sending an issue to 10,000 readers through the real worker path, to a local SMTP server.

Builds a throw-away SQLite database (the demo issue, N confirmed subscribers), queues the
mailing as the admin does (``sending.mailing_start``, django-tasks' database backend), then runs
``manage.py db_worker --batch`` in this process until the queue is empty. The SMTP server
(aiosmtpd) runs in a process of its own and counts what it accepts. Prints messages per second,
total seconds, the worker's peak memory (RSS) and Python's peak allocation (tracemalloc):

    .venv/bin/python bench/mailing.py                 # 10,000 messages
    .venv/bin/python bench/mailing.py --readers 2000 --no-tracemalloc
"""

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(tempfile.mkdtemp(prefix="unlops-bench-mailing-"))
SERVER = """
import sys, time
from aiosmtpd.controller import Controller
count = 0
class Counting:
    async def handle_DATA(self, server, session, envelope):
        global count
        count += len(envelope.rcpt_tos)
        return "250 OK"
controller = Controller(Counting(), hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
print("ready", flush=True)
sys.stdin.readline()
import resource
usage = resource.getrusage(resource.RUSAGE_SELF)
print(count, usage.ru_utime + usage.ru_stime, flush=True)
controller.stop()
"""


def free_port():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--no-tracemalloc", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args()
    port = free_port()
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "unlops.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "bench-only-secret-key",
            "DJANGO_LOG_LEVEL": "ERROR",
            "DJANGO_CACHE": "locmem",
            "DJANGO_PLAIN_STATIC": "1",
            "DATABASE_URL": f"sqlite:///{WORK / 'bench.sqlite3'}",
            "MEDIA_ROOT": str(WORK / "media"),
            "DJANGO_EMAIL_BACKEND": "smtp",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(port),
            "DJANGO_SITE_URL": "https://newsletter.example.org",
            "DJANGO_MAILING_RATE_PER_SECOND": "0",
            "DJANGO_MAILING_BATCH_SIZE": str(args.batch),
        }
    )
    os.environ.pop("DJANGO_TASKS_IMMEDIATE", None)
    sys.path.insert(0, str(ROOT))
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(port)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout.readline().strip() == "ready"
        run(args, server)
    finally:
        if server.poll() is None:
            server.kill()
        if not args.keep:
            shutil.rmtree(WORK, ignore_errors=True)


def run(args, server):
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.utils import timezone

    from newsletters.mailing.models import Delivery, Mailing, Subscriber
    from newsletters.mailing.sending import mailing_start
    from newsletters.models import Issue

    print(f"Work folder {WORK}; preparing {args.readers:,} subscribers…", flush=True)
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    issue = Issue.objects.published().get()
    now = timezone.now()
    Subscriber.objects.bulk_create(
        Subscriber(
            email=f"reader{n}@partners.example.eu",
            status=Subscriber.Status.CONFIRMED,
            consent_version="bench",
            consent_text="Bench consent.",
            consented_at=now,
            confirmed_at=now,
        )
        for n in range(args.readers)
    )
    publisher = User.objects.create_superuser("bench", "bench@unlops.example.org", "x")
    mailing = mailing_start(issue=issue, by=publisher)

    usage = resource.getrusage(resource.RUSAGE_SELF)
    rss_before, cpu_before = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    if not args.no_tracemalloc:
        tracemalloc.start()
    started = time.perf_counter()
    if os.environ.get("BENCH_PROFILE"):
        import cProfile

        worker = "call_command('db_worker', queue_name='mail', batch=True, verbosity=0)"
        cProfile.runctx(worker, globals(), locals(), sort="tottime")
    else:
        call_command("db_worker", queue_name="mail", batch=True, startup_delay=False, verbosity=0)
    seconds = time.perf_counter() - started
    traced_peak = tracemalloc.get_traced_memory()[1] if tracemalloc.is_tracing() else None
    tracemalloc.stop()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    rss_peak, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime - cpu_before

    server.stdin.write("\n")
    server.stdin.flush()
    received, server_cpu = server.stdout.readline().split()
    received, server_cpu = int(received), float(server_cpu)
    mailing.refresh_from_db()
    sent = Delivery.objects.filter(mailing=mailing, status=Delivery.Status.SENT).count()
    print(f"mailing status      {mailing.status}")
    print(f"messages received   {received:,} (marked sent: {sent:,})")
    print(f"total seconds       {seconds:.1f}")
    print(f"messages per second {received / seconds:,.0f}")
    print(f"worker CPU seconds  {cpu:.1f} ({cpu / received * 1000:.1f} ms a message)")
    print(f"SMTP server CPU s   {server_cpu:.1f} (aiosmtpd, a process of its own)")
    print(f"peak RSS            {rss_peak / 1024:.0f} MiB (before sending {rss_before / 1024:.0f})")
    if traced_peak is not None:
        print(f"tracemalloc peak    {traced_peak / 2**20:.1f} MiB (slows the run)")
    if received != args.readers or sent != args.readers or mailing.status != Mailing.Status.DONE:
        sys.exit("Not every reader got exactly one message.")


if __name__ == "__main__":
    main()
