"""Bring back a `manage.py backup` archive on a fresh install."""

from django.core.management.base import BaseCommand, CommandError

from unlops.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore the database content and media from an archive written by `manage.py backup`. "
        "Run `manage.py migrate` first. The archive is checked against its manifest before "
        "anything changes, and the data load is one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar.gz written by `manage.py backup`.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Erase the current content (database and media) and replace it with the backup.",
        )
        parser.add_argument("--database", default="default", help="Database alias.")

    def handle(self, *args, archive, force, database, **options):
        try:
            manifest = restore_backup(
                archive,
                force=force,
                using=database,
                log=self.stderr.write if options["verbosity"] else None,
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {sum(manifest['models'].values())} rows and "
                f"{len(manifest['media'])} media files from the backup of "
                f"{manifest['created_at']} (version {manifest['app_version']}); "
                "every media file matches its checksum."
            )
        )
