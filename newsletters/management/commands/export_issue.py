"""Export an issue to a file, in any format of newsletters.export.formats."""

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from newsletters.export import formats
from newsletters.export.formats import Audience, ExportError
from newsletters.export.pipeline import get_export
from newsletters.models import Issue


class Command(BaseCommand):
    help = (
        "Export an issue to a file. Exports are kept in storage and reused until the issue "
        "changes. Progress goes to stderr."
    )

    def add_arguments(self, parser):
        variants = [entry for entry in formats.FORMATS if entry.variant]
        parser.add_argument("slug", help="The issue's slug, e.g. october-2016-may-2017.")
        parser.add_argument(
            "--format",
            choices=sorted(formats.keys()),
            default=formats.FORMATS[0].key,
            dest="fmt",
            help=", ".join(f"{key} ({formats.get(key).label})" for key in formats.keys()),
        )
        parser.add_argument("--output", "-o", required=True, help="File to write ('-': stdout).")
        parser.add_argument(
            "--variant",
            choices=formats.variants(),
            default="",
            help="; ".join(
                f"'{entry.variant}' for {entry.key}: {entry.description}" for entry in variants
            ),
        )
        parser.add_argument(
            "--preview",
            action="store_true",
            help="Include draft articles (and allow an unpublished issue), as staff see it.",
        )
        parser.add_argument(
            "--force", action="store_true", help="Make the export again even if one is stored."
        )

    def handle(self, *args, slug, fmt, output, variant, preview, force, **options):
        try:
            issue = Issue.objects.get(slug=slug)
        except Issue.DoesNotExist as error:
            raise CommandError(f"No issue with the slug {slug!r}.") from error
        if not preview and not issue.is_published():
            raise CommandError(
                f"Issue {slug!r} is not published, so its public export would be empty. "
                "Use --preview to export it with its drafts."
            )
        started = time.monotonic()
        verbosity = options["verbosity"]

        def progress(message):
            if verbosity:
                self.stderr.write(f"[{time.monotonic() - started:5.1f}s] {message}")

        try:
            export_format = formats.get(fmt, variant)
        except ExportError as error:
            raise CommandError(str(error)) from error
        audience = Audience.PREVIEW if preview else Audience.PUBLIC
        stored = get_export(issue, export_format, audience=audience, progress=progress, force=force)
        with stored.open() as source:
            data = source.read()
        if output == "-":
            sys.stdout.buffer.write(data)
        else:
            Path(output).write_bytes(data)
        pages = f", {stored.built.pages} pages" if stored.built and stored.built.pages else ""
        reused = "" if stored.created else " (unchanged, reused)"
        if verbosity:
            self.stderr.write(
                self.style.SUCCESS(
                    f"Wrote {output}: {len(data) / 1e6:.2f} MB{pages} in "
                    f"{time.monotonic() - started:.1f} s{reused}."
                )
            )
