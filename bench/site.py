"""Speed of the public site on a large archive, in process and under gunicorn.

Seeds a throw-away SQLite database and media folder (40 issues, 1,000 articles, 2,000 people,
3,000 events, 2,000 photos), so it touches nothing of yours, then prints one row per public page:

    .venv/bin/python bench/site.py            # or: make bench
    .venv/bin/python bench/site.py --seconds 1 --runs 9

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
import datetime
import http.client
import multiprocessing
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(tempfile.mkdtemp(prefix="unlops-bench-site-"))
ENV = {
    "DJANGO_SETTINGS_MODULE": "unlops.settings",
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "bench-only-secret-key",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "DJANGO_LOG_LEVEL": "ERROR",
    "DATABASE_URL": f"sqlite:///{WORK / 'bench.sqlite3'}",
    "MEDIA_ROOT": str(WORK / "media"),
    "STATIC_ROOT": str(WORK / "static"),
    "DJANGO_CACHE_DIR": str(WORK / "cache"),
}
sys.path.insert(0, str(ROOT))
os.environ.update(ENV)
# The production static storage (hashed, compressed names) and cache (files shared by workers).
for name in ("DJANGO_PLAIN_STATIC", "REDIS_URL", "DJANGO_S3_BUCKET", "AWS_STORAGE_BUCKET_NAME"):
    os.environ.pop(name, None)

import django  # noqa: E402

django.setup()

from django.core.files.base import ContentFile  # noqa: E402
from django.core.files.storage import default_storage  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from events.models import Event, Participation  # noqa: E402
from newsletters.models import Article, ArticlePhoto, Issue, Photo, PhotoPerson, Topic  # noqa: E402
from people.models import Appointment, Organisation, Person  # noqa: E402
from unlops.cache import bump_content_version  # noqa: E402
from unlops.images import placeholder_jpeg  # noqa: E402

ROUNDS = 3
SIZES = {"issues": 40, "articles": 1000, "people": 2000, "events": 3000, "photos": 2000}
FIRST = ["Ana", "Jean", "Federica", "Ivan", "Miroslav", "Helga", "Pedro", "Amina", "Kamiel", "Liu"]
LAST = ["Lacroix", "Mogherini", "Šimonović", "Jenča", "Schmid", "Serrano", "Mohammed", "Mesie"]
CITIES = [
    ("Brussels", "Belgium"),
    ("New York", "United States"),
    ("Strasbourg", "France"),
    ("Geneva", "Switzerland"),
    ("Addis Ababa", "Ethiopia"),
    ("Valletta", "Malta"),
    ("Vienna", "Austria"),
    ("The Hague", "Netherlands"),
    ("Bamako", "Mali"),
    ("Tripoli", "Libya"),
]
WORDS = (
    "the council discussed support for peacekeeping missions and the protection of civilians "
    "partners agreed to strengthen cooperation on crisis management mediation and training "
    "ministers reviewed progress in the region and the role of regional organisations"
).split()


def paragraph(rnd, acronyms, words=70):
    text = [rnd.choice(WORDS) for _ in range(words)]
    for _ in range(3):
        text.insert(rnd.randrange(len(text)), rnd.choice(acronyms))
    return "<p>" + " ".join(text).capitalize() + ".</p>"


def seed():
    rnd = random.Random(2017)
    now = timezone.now()
    letters = "ABCDEFGHIKLMNOPRSTUVW"
    acronyms = sorted(
        {"".join(rnd.choice(letters) for _ in range(rnd.choice([3, 4]))) for _ in range(90)}
    )[:60]
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Office for {rnd.choice(WORDS).title()} and {rnd.choice(WORDS).title()} {i}",
            slug=f"organisation-{i}",
            acronym=acronyms[i] if i < len(acronyms) else "",
            kind=rnd.choice(Organisation.Kind.values),
        )
        for i in range(200)
    )
    people = Person.objects.bulk_create(
        Person(
            name=f"{FIRST[i % len(FIRST)]} {LAST[i % len(LAST)]}{i}",
            sort_name=f"{LAST[i % len(LAST)]}{i} {FIRST[i % len(FIRST)]}",
            slug=f"person-{i}",
            biography="A career in peacekeeping, mediation and the protection of civilians.",
        )
        for i in range(SIZES["people"])
    )
    Appointment.objects.bulk_create(
        Appointment(
            person=person,
            organisation=rnd.choice(organisations),
            title=f"Director for {rnd.choice(WORDS).title()} {n}",
            start_date=datetime_date(2000 + rnd.randrange(17), 1 + rnd.randrange(12)),
            end_date=None if n else datetime_date(2018, 1),
        )
        for person in people
        for n in range(1 + person.pk % 2)
    )
    events = Event.objects.bulk_create(
        Event(
            kind=Event.Kind.HIGH_LEVEL_VISIT if i % 3 == 0 else rnd.choice(Event.Kind.values),
            title=f"{rnd.choice(['Visit', 'Dialogue', 'Briefing', 'Meeting'])} on "
            f"{rnd.choice(WORDS)} {i}",
            slug=f"event-{i}",
            start_date=datetime_date(2005 + i * 12 // SIZES["events"], 1 + i % 12, 1 + i % 28),
            end_date=datetime_date(2005 + i * 12 // SIZES["events"], 1 + i % 12, 1 + i % 28),
            city=CITIES[i % len(CITIES)][0],
            country=CITIES[i % len(CITIES)][1],
            summary=" ".join(rnd.choice(WORDS) for _ in range(40)),
        )
        for i in range(SIZES["events"])
    )
    # The focal person takes part in many events and is named in many articles.
    Participation.objects.bulk_create(
        Participation(
            event=event,
            person=people[0] if n == 0 and event.pk % 20 == 0 else rnd.choice(people),
            role=[Participation.Role.VISITOR, Participation.Role.HOST, Participation.Role.MET_WITH][
                n
            ],
            position=n,
        )
        for event in events
        for n in range(3)
    )
    Event.organisations.through.objects.bulk_create(
        Event.organisations.through(
            event=event, organisation=organisations[(event.pk * 7 + n) % 200]
        )
        for event in events
        for n in range(2)
    )
    topics = Topic.objects.bulk_create(
        Topic(name=f"Topic {i}: {rnd.choice(WORDS)}", slug=f"topic-{i}") for i in range(30)
    )
    # A few real pictures, shared by many photo rows: renditions are per picture file.
    pictures = []
    for i in range(8):
        name = default_storage.save(
            f"photos/bench/picture-{i}.jpg",
            ContentFile(placeholder_jpeg(f"Bench picture {i}", width=1600, height=1067, seed=i)),
        )
        pictures.append(name)
    photos = Photo.objects.bulk_create(
        Photo(
            image=pictures[i % len(pictures)],
            width=1600,
            height=1067,
            caption=f"{people[i % SIZES['people']].name} at a meeting on {rnd.choice(WORDS)}",
            credit="UN Photo",
            alt_text="People around a conference table",
            event=events[i % SIZES["events"]] if i % 4 == 0 else None,
        )
        for i in range(SIZES["photos"])
    )
    PhotoPerson.objects.bulk_create(
        PhotoPerson(photo=photo, person=people[(photo.pk * 3 + n) % SIZES["people"]], position=n)
        for photo in photos
        for n in range(2)
    )
    issues = Issue.objects.bulk_create(
        Issue(
            number=n + 1,
            slug=f"issue-{n + 1}",
            period_start=datetime_date(1998 + n // 2, 1 + 6 * (n % 2)),
            period_end=datetime_date(1998 + n // 2, 6 + 6 * (n % 2), 30),
            cover_photo=photos[n],
            foreword=paragraph(rnd, acronyms),
            status="published",
            published_at=now - datetime.timedelta(days=400 - n),
        )
        for n in range(SIZES["issues"])
    )
    per_issue = SIZES["articles"] // SIZES["issues"]
    articles = Article.objects.bulk_create(
        Article(
            issue=issue,
            position=p + 1,
            section=rnd.choice(Article.Section.values),
            title=f"Partners discuss {rnd.choice(WORDS)} and {rnd.choice(WORDS)}, "
            f"part {issue.number}-{p + 1}",
            slug=f"article-{p + 1}",
            standfirst=" ".join(rnd.choice(WORDS) for _ in range(30)).capitalize() + ".",
            body="".join(paragraph(rnd, acronyms) for _ in range(6)),
            status="published",
        )
        for issue in issues
        for p in range(per_issue)
    )
    through = Article.people.through
    through.objects.bulk_create(
        through(
            article=a,
            person=people[0] if n == 0 and a.pk % 20 == 0 else people[(a.pk * 5 + n) % 2000],
        )
        for a in articles
        for n in range(3)
    )
    Article.organisations.through.objects.bulk_create(
        Article.organisations.through(article=a, organisation=organisations[(a.pk + n * 13) % 200])
        for a in articles
        for n in range(2)
    )
    Article.events.through.objects.bulk_create(
        Article.events.through(article=a, event=events[(a.pk * 3 + n) % SIZES["events"]])
        for a in articles
        for n in range(2)
    )
    Article.topics.through.objects.bulk_create(
        Article.topics.through(article=a, topic=topics[(a.pk + n * 7) % len(topics)])
        for a in articles
        for n in range(2)
    )
    ArticlePhoto.objects.bulk_create(
        ArticlePhoto(
            article=a,
            photo=photos[SIZES["issues"] + (2 * i + n) % (SIZES["photos"] - SIZES["issues"])],
            position=n + 1,
            placement=Photo.Placement.INSET if n else Photo.Placement.FULL,
        )
        for i, a in enumerate(articles)
        for n in range(2)
    )
    return {"person": people[0], "organisation": organisations[7], "topic": topics[0]}


def datetime_date(year, month, day=1):
    return datetime.date(year, month, day)


def pages(focal):
    issue = Issue.objects.published().first()
    article = issue.articles.published()[4]
    event = Event.objects.filter(participations__person=focal["person"]).first()
    return {
        "home": "/",
        "issue archive": "/issues/",
        "issue (25 articles)": issue.get_absolute_url(),
        "article": article.get_absolute_url(),
        "people A–Z": "/people/",
        "people, letter M": "/people/?letter=M",
        "person": focal["person"].get_absolute_url(),
        "glossary": "/people/organisations/",
        "organisation": focal["organisation"].get_absolute_url(),
        "events": "/events/",
        "events, filtered": "/events/?year=2010&kind=high-level-visit&place=Brussels",
        "event": event.get_absolute_url(),
        "topics": "/topics/",
        "topic": focal["topic"].get_absolute_url(),
        "search": "/search/?q=peacekeeping+mediation",
        "article feed": "/feeds/articles/",
        "issue feed": "/feeds/issues/",
        "sitemap.xml (index)": "/sitemap.xml",
        "sitemap of events": "/sitemap-events.xml",
    }


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


def under_gunicorn(urls, seconds, clients, workers, threads):
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
        stderr=open(WORK / "gunicorn.log", "wb"),  # noqa: SIM115
    )
    try:
        for _ in range(100):
            try:
                if fetch(port, "/")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError(f"gunicorn did not start; see {WORK / 'gunicorn.log'}")
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--seconds", type=float, default=3, help="load per page (default 3)")
    parser.add_argument("--runs", type=int, default=15, help="timed renders per page")
    parser.add_argument("--clients", type=int, default=4, help="load generator processes")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker")
    parser.add_argument("--keep", action="store_true", help=f"keep {WORK}")
    args = parser.parse_args()
    try:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        focal = seed()
        seeded = time.perf_counter() - started
        counts = {
            "issues": Issue.objects.count(),
            "articles": Article.objects.count(),
            "people": Person.objects.count(),
            "events": Event.objects.count(),
            "photos": Photo.objects.count(),
        }
        print(
            f"Seeded {', '.join(f'{n:,} {what}' for what, n in counts.items())} "
            f"in {seeded:.1f} s ({WORK})."
        )
        urls = pages(focal)
        rows = in_process(urls, args.runs)
        connection.close()
        static, rates = under_gunicorn(urls, args.seconds, args.clients, args.workers, args.threads)
        base = rates["static"]["rps"]
        load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        print(
            f"\nLoad average at the end: {load} (other work on the machine slows every figure)."
            f"\ngunicorn: {args.workers} workers × {args.threads} threads, {args.clients} "
            f"keep-alive clients, {args.seconds:g} s per page, {os.cpu_count()} CPUs; "
            f"static file {static}: {base:,.0f} req/s\n"
        )
        header = (
            "| page | uncached ms | uncached CPU ms | cached ms | queries | bytes | req/s "
            "| vs static |"
        )
        print(header)
        print("|" + "---|" * 8)
        for label, row in rows.items():
            rate = rates[label]
            failed = f" ({rate['failed']} failed)" if rate["failed"] else ""
            print(
                f"| {label} | {row['uncached']:.1f} | {row['uncached_cpu']:.1f} | "
                f"{row['cached']:.2f} | {row['queries']} | "
                f"{row['bytes']:,} | {rate['rps']:,.0f}{failed} | {rate['ratio']:.0%} |"
            )
    finally:
        if args.keep:
            print(f"\nKept {WORK}")
        else:
            shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
