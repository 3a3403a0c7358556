"""Write the database content and every media file to one archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from unlops.backup import BackupError, create_backup, default_backup_name


class Command(BaseCommand):
    help = (
        "Back up the database content (every app, users and groups, history) and every media "
        "file to one .tar.gz with a manifest of row counts and SHA-256 checksums. "
        "`manage.py restore FILE` brings it back on a fresh install."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            "-o",
            help="Archive to write (default: unlops-backup-YYYYMMDD-HHMMSS.tar.gz here).",
        )
        parser.add_argument("--database", default="default", help="Database alias.")

    def handle(self, *args, output, database, **options):
        output = Path(output or default_backup_name())
        if output.is_dir():
            output = output / default_backup_name()
        try:
            manifest = create_backup(output, using=database)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["models"].values())
        media = manifest["media"]
        size = sum(entry["size"] for entry in media.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {rows} rows of {len(manifest['models'])} models and "
                f"{len(media)} media files ({size / 1_048_576:.1f} MB) to {output}"
            )
        )
