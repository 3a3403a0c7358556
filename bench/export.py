"""Time and size of the exports: the demo issue and a 60-article issue.

Runs on a throw-away SQLite database and media folder, so it touches nothing of yours:

    .venv/bin/python bench/export.py

"Cold" is the first PDF of the process (WeasyPrint's import and font set-up included), as the
management command sees it; the other demo rows are the fastest of BENCH_REPEAT (3) later runs, as
a running site sees them. CPU is the process time, which a busy machine inflates less than the
wall clock.
"""

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(tempfile.mkdtemp(prefix="unlops-bench-"))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unlops.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench")
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ["MEDIA_ROOT"] = str(WORK / "media")
os.environ["DJANGO_LOG_LEVEL"] = "ERROR"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from bench.archive import copy_articles  # noqa: E402
from newsletters.export import formats  # noqa: E402
from newsletters.export.documents import build, render_source  # noqa: E402
from newsletters.models import Issue  # noqa: E402


def measure(issue, fmt, *, repeat=1, **options):
    """The fastest of ``repeat`` exports: other work on the machine only ever slows one down."""
    runs = []
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        source = render_source(issue, formats.get(fmt, **options))
        source_seconds = time.perf_counter() - started
        built = build(source)
        runs.append(
            {
                "seconds": time.perf_counter() - started,
                "cpu": time.process_time() - cpu,
                "source": source_seconds,
                "bytes": len(built.data),
                "pages": built.pages,
                "articles": len(source.content.blocks),
                "pictures": len(source.content.image_names),
            }
        )
    return min(runs, key=lambda run: run["seconds"])


REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))


HEADER = "\n".join(
    [
        "| Issue                      | Format      | Articles | Pictures | Pages "
        "|  Wall s |   CPU s |      MB |",
        "|----------------------------|-------------|---------:|---------:|------:"
        "|--------:|--------:|--------:|",
    ]
)


def row(label, fmt, result):
    pages = result["pages"] or "–"
    return (
        f"| {label:<26} | {fmt:<11} | {result['articles']:>8} | {result['pictures']:>8} | "
        f"{pages:>5} | {result['seconds']:>7.2f} | {result['cpu']:>7.2f} | "
        f"{result['bytes'] / 1e6:>7.2f} |"
    )


def main():
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    demo = Issue.objects.get(slug="october-2016-may-2017")
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPU(s); work dir {WORK}")
    print()
    print(HEADER)
    print(row("Demo (cold process)", "PDF", measure(demo, "pdf")))
    print(row("Demo", "PDF", measure(demo, "pdf", repeat=REPEAT)))
    print(row("Demo", "PDF/UA", measure(demo, "pdf", variant="ua", repeat=REPEAT)))
    print(row("Demo", "PDF/A-3b", measure(demo, "pdf", variant="a", repeat=REPEAT)))
    print(row("Demo", "HTML", measure(demo, "html", repeat=REPEAT)))
    print(row("Demo", "E-mail HTML", measure(demo, "email", repeat=REPEAT)))
    with transaction.atomic():
        big = copy_articles(demo, copies=6, slug="bench-sixty-articles")
        print(row("60 articles", "PDF", measure(big, "pdf")))
        print(row("60 articles", "HTML", measure(big, "html")))
        print(row("60 articles", "E-mail HTML", measure(big, "email")))
        transaction.set_rollback(True)
    source = measure(demo, "html")["source"]
    print()
    print(f"Source markup and fingerprint of the demo issue (a cache hit's cost): {source:.3f} s")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
