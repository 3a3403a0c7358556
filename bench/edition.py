"""Time and size of the mailed edition (hosted pictures) of the demo issue and a 60-article issue.

Runs on a throw-away SQLite database and media folder, so it touches nothing of yours:

    .venv/bin/python bench/edition.py

"First" includes making the renditions the edition links (as the first mailing of an issue
whose pages nobody has opened yet does); the other rows are the fastest of BENCH_REPEAT (3)
later renders, as each later mailing sees them. The edition is rendered once per mailing, not
once per recipient.
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
from newsletters.mailing.edition import render_edition  # noqa: E402
from newsletters.models import Issue  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))


def measure(issue, *, repeat=1):
    runs = []
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        edition = render_edition(issue)
        runs.append(
            {
                "seconds": time.perf_counter() - started,
                "cpu": time.process_time() - cpu,
                "html": len(edition.html.encode()),
                "text": len(edition.text.encode()),
                "pictures": edition.html.count("<img "),
            }
        )
    return min(runs, key=lambda run: run["seconds"])


def row(label, result):
    return (
        f"| {label:<24} | {result['pictures']:>8} | {result['seconds']:>7.3f} | "
        f"{result['cpu']:>7.3f} | {result['html'] / 1000:>9.1f} | {result['text'] / 1000:>9.1f} |"
    )


def main():
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    demo = Issue.objects.get(slug="october-2016-may-2017")
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPU(s); work dir {WORK}")
    print()
    print("| Issue                    | Pictures |  Wall s |   CPU s | HTML kB   | Text kB   |")
    print("|--------------------------|---------:|--------:|--------:|----------:|----------:|")
    print(row("Demo (first)", measure(demo)))
    print(row("Demo", measure(demo, repeat=REPEAT)))
    with transaction.atomic():
        big = copy_articles(demo, copies=6, slug="bench-sixty-articles")
        print(row("60 articles (first)", measure(big)))
        print(row("60 articles", measure(big, repeat=REPEAT)))
        transaction.set_rollback(True)


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
