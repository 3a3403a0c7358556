"""Speed of the public site on a large archive, in process and under gunicorn.

Seeds a throw-away database and media folder with bench/archive.py (400 issues, 10,000
articles, 20,000 people, 30,000 events, 20,000 photos, every one shown by published work; --scale
0.1 for a tenth), so it touches nothing of yours, then prints one row per public page (measured by
bench/timing.py). The database is SQLite in the work folder or, when DATABASE_URL names a
PostgreSQL server, a database of its own there, created and dropped by the run (bench/database.py):

    .venv/bin/python bench/site.py            # or: make bench
    DATABASE_URL=postgres://unlops:unlops@127.0.0.1:5432/unlops .venv/bin/python bench/site.py
    .venv/bin/python bench/site.py --seconds 1 --runs 9 --scale 0.1

- uncached / cached: median time of the Django test client, first with the page cache made stale
  before each request (the content version bumped; renditions already exist), then from the cache;
  "uncached CPU" is the process time of the same renders, which other work on a busy machine does
  not inflate (SQLite runs in the process, so its work is counted);
- queries: SQL queries of an uncached request;
- bytes: size of the HTML (or XML) sent;
- req/s: requests per second under gunicorn (this project's gunicorn.conf.py, DJANGO_DEBUG=0,
  static files collected and served by WhiteNoise), from a small load generator of a few keep-alive
  clients on the loopback, each page for a few seconds once cached;
- vs static: that rate as a share of the rate for a static file (site.css) on the same server,
  measured in turns with the page (the median of three turns), so other load on the machine
  weighs on both alike.
"""

import argparse
import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(tempfile.mkdtemp(prefix="unlops-bench-site-"))
sys.path.insert(0, str(ROOT))

from bench.database import throwaway_database  # noqa: E402

DATABASE_URL, drop_database, DATABASE = throwaway_database(WORK)
ENV = {
    "DJANGO_SETTINGS_MODULE": "unlops.settings",
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "bench-only-secret-key",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "DJANGO_LOG_LEVEL": "ERROR",
    "DATABASE_URL": DATABASE_URL,
    "MEDIA_ROOT": str(WORK / "media"),
    "STATIC_ROOT": str(WORK / "static"),
    "DJANGO_CACHE_DIR": str(WORK / "cache"),
}
os.environ.update(ENV)
# The production static storage (hashed, compressed names) and cache (files shared by workers).
for name in ("DJANGO_PLAIN_STATIC", "REDIS_URL", "DJANGO_S3_BUCKET", "AWS_STORAGE_BUCKET_NAME"):
    os.environ.pop(name, None)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from bench.archive import SIZES, build_archive  # noqa: E402
from bench.timing import in_process, under_gunicorn  # noqa: E402
from events.models import Event  # noqa: E402
from newsletters.models import Article, Issue, Photo  # noqa: E402
from people.models import Person  # noqa: E402


def pages(focal):
    from unlops.urls import sitemaps

    issue = Issue.objects.published().first()
    article = issue.articles.published()[4]
    event = Event.objects.published().filter(participations__person=focal["person"]).first()
    urls = {
        "home": "/",
        "issue archive": "/issues/",
        "issue (25 articles)": issue.get_absolute_url(),
        "article": article.get_absolute_url(),
        "people A–Z": "/people/",
        "people, letter M": "/people/?letter=M",
        "person": focal["person"].get_absolute_url(),
        "glossary": "/glossary/",
        "organisations": "/people/organisations/",
        "organisation": focal["organisation"].get_absolute_url(),
        "events": "/events/",
        "events, filtered": "/events/?year=2010&kind=high-level-visit&place=Brussels",
        "event": event.get_absolute_url(),
        "topics": "/topics/",
        "topic": focal["topic"].get_absolute_url(),
        "search": "/search/?q=peacekeeping+mediation",
        "search, people": "/search/?q=director+mogherini&type=people",
        "search, events": "/search/?q=briefing+brussels&type=events",
        "search, last page": "/search/?q=council&page=9999",
        "article feed": "/feeds/articles/",
        "issue feed": "/feeds/issues/",
        "sitemap.xml (index)": "/sitemap.xml",
    }
    for section, sitemap in sitemaps.items():
        urls[f"sitemap of {section}"] = f"/sitemap-{section}.xml"
        last = sitemap().paginator.num_pages
        if last > 1:
            urls[f"sitemap of {section}, page {last}"] = f"/sitemap-{section}.xml?p={last}"
    return urls


def seed(scale):
    """Migrate, collect static files and build the archive; return its focal rows."""
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    migrated = time.perf_counter()
    focal = build_archive({what: max(1, round(n * scale)) for what, n in SIZES.items()})
    # Planner statistics, as a live database has them; just after bulk inserts it has none and
    # PostgreSQL would plan every subquery as if the tables were empty.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    counts = {
        "issues": Issue.objects.count(),
        "articles": Article.objects.count(),
        "people": Person.objects.count(),
        "events": Event.objects.count(),
        "photos": Photo.objects.count(),
    }
    print(
        f"{DATABASE}: seeded {', '.join(f'{n:,} {what}' for what, n in counts.items())} "
        f"in {time.perf_counter() - migrated:.1f} s (migrations and static files "
        f"{migrated - started:.1f} s; {WORK}).",
        flush=True,
    )
    return focal


def print_table(args, rows, static, rates):
    base = rates["static"]["rps"]
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(
        f"\n{DATABASE}; load average at the end: {load} (other work slows every figure)."
        f"\ngunicorn: {args.workers} workers × {args.threads} threads, {args.clients} "
        f"keep-alive clients, {args.seconds:g} s per page, {os.cpu_count()} CPUs; "
        f"static file {static}: {base:,.0f} req/s\n"
    )
    columns = ["page", "uncached ms", "uncached CPU ms", "cached ms", "queries", "bytes", "req/s"]
    print("| " + " | ".join([*columns, "vs static"]) + " |")
    print("|" + "---|" * 8)
    for label, row in rows.items():
        rate = rates[label]
        failed = f" ({rate['failed']} failed)" if rate["failed"] else ""
        print(
            f"| {label} | {row['uncached']:.1f} | {row['uncached_cpu']:.1f} | "
            f"{row['cached']:.2f} | {row['queries']} | "
            f"{row['bytes']:,} | {rate['rps']:,.0f}{failed} | {rate['ratio']:.0%} |"
        )


def main():
    # A stopped run still drops its database (the finally clause below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--seconds", type=float, default=3, help="load per page (default 3)")
    parser.add_argument("--runs", type=int, default=15, help="timed renders per page")
    parser.add_argument("--clients", type=int, default=4, help="load generator processes")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker")
    parser.add_argument("--keep", action="store_true", help=f"keep {WORK}")
    parser.add_argument(
        "--scale", type=float, default=1, help="archive size (default 1: 10,000 articles)"
    )
    parser.add_argument("--only", help="measure only the pages whose label contains this")
    try:
        args = parser.parse_args()
        print("Load average at the start: " + ", ".join(f"{v:.1f}" for v in os.getloadavg()))
        urls = pages(seed(args.scale))
        if args.only:
            urls = {label: url for label, url in urls.items() if args.only in label}
        rows = in_process(urls, args.runs)
        connection.close()
        with open(WORK / "gunicorn.log", "wb") as log:
            static, rates = under_gunicorn(
                urls,
                seconds=args.seconds,
                clients=args.clients,
                workers=args.workers,
                threads=args.threads,
                log=log,
            )
        print_table(args, rows, static, rates)
    finally:
        connection.close()
        drop_database()
        if "--keep" in sys.argv:
            print(f"\nKept {WORK}")
        else:
            shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
