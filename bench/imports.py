"""Speed and memory of the admin's imports: preview (dry run) and confirm, CSV and XLSX.

Builds a throw-away SQLite database and files (organisations and people for the events to name),
so it touches nothing of yours, then runs every step through the admin's own views with the test
client, each step in a fresh process (so its peak memory is its own) on a fresh copy of the
database:

    .venv/bin/python bench/imports.py              # 10,000 rows a file
    .venv/bin/python bench/imports.py --rows 2000  # smaller files

- wall / CPU: the request's elapsed and process time (SQLite runs in the process), the fastest
  of --repeat runs (3), as other work on the machine only ever slows one down;
- queries: SQL statements the request ran;
- peak RSS: the process's high-water mark (Django and the test client included);
- traced peak: the most memory Python held at once during the request (tracemalloc), from a
  second run of the step, since tracing slows it down;
- the last case is a tiny XLSX file declaring a sheet of 1,048,576 rows by 16,384 columns.
"""

import argparse
import html
import io
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHILD = "UNLOPS_BENCH_WORK" in os.environ
WORK = Path(os.environ.get("UNLOPS_BENCH_WORK") or tempfile.mkdtemp(prefix="unlops-bench-imp-"))
ENV = {
    "DJANGO_SETTINGS_MODULE": "unlops.settings",
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "bench-only-secret-key",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "DJANGO_ALLOWED_HOSTS": "testserver",
    "DJANGO_LOG_LEVEL": "ERROR",
    "DJANGO_PLAIN_STATIC": "1",
    "MEDIA_ROOT": str(WORK / "media"),
    "DJANGO_IMPORT_TMP_ROOT": str(WORK / "import-tmp"),
    "DJANGO_CACHE_DIR": str(WORK / "cache"),
}
sys.path.insert(0, str(ROOT))
os.environ.update(ENV)
if not CHILD:
    os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'template.sqlite3'}"
for name in ("REDIS_URL", "DJANGO_CACHE", "AWS_STORAGE_BUCKET_NAME"):
    os.environ.pop(name, None)

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from events.models import Event  # noqa: E402
from people.models import Organisation, Person  # noqa: E402

KINDS = list(Event.Kind.values)
ROLES = ["visitor", "host", "speaker", "attendee"]
SEEDED_PEOPLE = 2000


def seed():
    call_command("migrate", verbosity=0)
    User.objects.create_superuser("bench", "bench@example.org", "bench-only-password")
    Organisation.objects.bulk_create(
        Organisation(
            name=f"Office {i}",
            slug=f"office-{i}",
            acronym=f"OF{i}" if i % 2 else "",
            sort_key=f"office {i}",
        )
        for i in range(60)
    )
    Person.objects.bulk_create(
        Person(
            name=f"Seeded Person {i}",
            sort_name=f"Person {i}",
            sort_key=f"person {i}",
            slug=f"seeded-{i}",
        )
        for i in range(SEEDED_PEOPLE)
    )
    connection.close()  # Folds SQLite's write-ahead log into the file the runs copy.


def people_rows(rows):
    yield ["slug", "name", "sort_name", "honorific", "biography"]
    for i in range(rows):
        yield [
            f"person-{i}",
            f"Ana Lacroix {i}",
            "",
            "Ms." if i % 3 else "",
            f"A career in peacekeeping and mediation, posting {i}.",
        ]


def events_rows(rows):
    yield [
        "slug",
        "kind",
        "title",
        "start_date",
        "end_date",
        "date_precision",
        "city",
        "country",
        "organisations",
        "summary",
        "participants",
    ]
    for i in range(rows):
        year, month, day = 2005 + i % 12, 1 + i % 12, 1 + i % 28
        people = [f"seeded-{(i * 7 + k) % SEEDED_PEOPLE}" for k in range(3)]
        yield [
            f"event-{i}",
            KINDS[i % len(KINDS)],
            f"Briefing on mediation {i}",
            f"{year}-{month:02}-{day:02}",
            f"{year}-{month:02}-{day:02}",
            "day",
            "Brussels",
            "Belgium",
            f"OF{1 + 2 * (i % 30)}; office-{2 * (i % 30)}",
            "Partners agreed to strengthen cooperation on crisis management.",
            "; ".join(f"{slug}:{ROLES[(i + k) % len(ROLES)]}" for k, slug in enumerate(people)),
        ]


def write_csv(path, rows):
    import csv

    with path.open("w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows(rows)


def write_xlsx(path, rows):
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in rows:
        sheet.append(row)
    book.save(path)


def write_declared_dimension_xlsx(path):
    """Three real rows and one at the sheet's last row, in a sheet declared as A1:XFD1048576."""
    from openpyxl import Workbook

    book = Workbook()
    for row in people_rows(3):
        book.active.append(row)
    plain = io.BytesIO()
    book.save(plain)
    last = b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', data)
                data = data.replace(b"</sheetData>", last + b"</sheetData>")
            target.writestr(item, data)


# (label, model, file, rows, whether to confirm)
def cases(rows):
    return [
        ("people CSV", "people_person", f"people-{rows}.csv", rows, True),
        ("people XLSX", "people_person", f"people-{rows}.xlsx", rows, True),
        ("events CSV", "events_event", f"events-{rows}.csv", rows, True),
        ("events XLSX", "events_event", f"events-{rows}.xlsx", rows, True),
        ("declared-dimension XLSX", "people_person", "dimension.xlsx", 3, False),
    ]


FORMATS = {".csv": "0", ".xlsx": "1"}
MEMORY_CAP = 3 * 2**30  # bytes of address space a step may take
TIME_CAP = 300  # seconds a step may take


def write_files(rows):
    write_csv(WORK / f"people-{rows}.csv", people_rows(rows))
    write_xlsx(WORK / f"people-{rows}.xlsx", people_rows(rows))
    write_csv(WORK / f"events-{rows}.csv", events_rows(rows))
    write_xlsx(WORK / f"events-{rows}.xlsx", events_rows(rows))
    write_declared_dimension_xlsx(WORK / "dimension.xlsx")


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def hidden_fields(markup):
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', markup))


def run_step(model, file_name, step, confirm_data, trace):
    """One request in this process; returns its figures as a dict."""
    client = Client()
    client.force_login(User.objects.get(username="bench"))
    path = WORK / file_name
    counter = QueryCounter()
    if trace:
        tracemalloc.start()
    started, cpu = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(counter):
        if step == "preview":
            with path.open("rb") as upload:
                response = client.post(
                    reverse(f"admin:{model}_import"),
                    {"format": FORMATS[path.suffix], "resource": "", "import_file": upload},
                )
        else:
            response = client.post(reverse(f"admin:{model}_process_import"), confirm_data)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    traced = tracemalloc.get_traced_memory()[1] if trace else None
    markup = response.content.decode()
    figures = {
        "wall": wall * 1000,
        "cpu": cpu * 1000,
        "queries": counter.count,
        "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "traced": traced and traced / 2**20,
        "status": response.status_code,
    }
    if step == "preview":
        fields = hidden_fields(markup)
        figures["confirm"] = {
            name: fields[name]
            for name in ("import_file_name", "original_file_name", "format", "resource")
            if name in fields
        }
        errors = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', markup, re.S)
        text = re.sub(r"<[^>]+>|\s+", " ", " ".join(errors)).strip()
        figures["answer"] = html.unescape(text)[:120]
    else:
        figures["objects"] = (Person if model == "people_person" else Event).objects.count()
    return figures


def child_main(args):
    # A hostile file must not take the machine down with it: the step fails instead.
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
    confirm_data = json.loads(args.confirm) if args.confirm else None
    print(json.dumps(run_step(args.model, args.file, args.step, confirm_data, args.trace)))


def spawn(database, model, file_name, step, confirm=None, trace=False):
    command = [sys.executable, __file__, "--child", step, "--model", model, "--file", file_name]
    if confirm is not None:
        command += ["--confirm", json.dumps(confirm)]
    if trace:
        command.append("--trace")
    env = {**os.environ, "UNLOPS_BENCH_WORK": str(WORK), "DATABASE_URL": f"sqlite:///{database}"}
    try:
        done = subprocess.run(
            command, env=env, capture_output=True, text=True, check=False, timeout=TIME_CAP
        )
    except subprocess.TimeoutExpired:
        return {"failed": f"stopped after {TIME_CAP} s"}
    if done.returncode:
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        return {"failed": last[:80]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_case(model, file_name, confirm, trace):
    """Preview then (perhaps) confirm, on a fresh copy of the seeded database."""
    database = WORK / f"run-{file_name}-{int(trace)}.sqlite3"
    shutil.copyfile(WORK / "template.sqlite3", database)
    results = {"preview": spawn(database, model, file_name, "preview", trace=trace)}
    if confirm and "failed" not in results["preview"]:
        data = results["preview"].get("confirm")
        if not data or "import_file_name" not in data:
            raise RuntimeError(f"{file_name}: the preview offered no confirm step")
        results["confirm"] = spawn(database, model, file_name, "confirm", data, trace=trace)
    database.unlink()
    return results


def fastest(runs):
    """Each step's fastest run (by wall time); a failed run counts as slowest."""
    best = {}
    for run in runs:
        for step, figures in run.items():
            if step not in best or figures.get("wall", float("inf")) < best[step].get(
                "wall", float("inf")
            ):
                best[step] = figures
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10_000, help="data rows a file")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each case")
    parser.add_argument("--no-trace", action="store_true", help="skip the tracemalloc runs")
    parser.add_argument("--keep", action="store_true", help=f"keep {WORK}")
    parser.add_argument("--child", choices=["preview", "confirm"], help=argparse.SUPPRESS)
    parser.add_argument("--model", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--confirm", help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if CHILD:
        args.step = args.child
        return child_main(args)
    try:
        seed()
        write_files(args.rows)
        print(f"{args.rows:,} rows a file; {os.cpu_count()} CPUs; files and database in {WORK}\n")
        header = (
            "| case | step | rows/s | wall ms | CPU ms | queries | peak RSS MB | traced peak MB |"
        )
        print(header)
        print("|" + "---|" * 8)
        for label, model, file_name, rows, confirm in cases(args.rows):
            timed = fastest(
                run_case(model, file_name, confirm, trace=False) for _ in range(args.repeat)
            )
            traced = None if args.no_trace else run_case(model, file_name, confirm, trace=True)
            for step, figures in timed.items():
                if "failed" in figures:
                    print(f"| {label} | {step} | failed: {figures['failed']} |" + " |" * 5)
                    continue
                peak = "–" if traced is None else f"{traced[step].get('traced') or 0:.0f}"
                rate = f"{rows / figures['wall'] * 1000:,.0f}" if confirm else "–"
                note = f" ({figures['answer']})" if figures.get("answer") and not confirm else ""
                print(
                    f"| {label}{note} | {step} | {rate} | {figures['wall']:,.0f} "
                    f"| {figures['cpu']:,.0f} | {figures['queries']:,} | {figures['rss']:.0f} "
                    f"| {peak} |"
                )
    finally:
        if args.keep:
            print(f"\nKept {WORK}")
        else:
            shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
