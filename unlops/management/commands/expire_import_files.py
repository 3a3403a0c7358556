"""Remove the files of import previews left unconfirmed."""

from django.conf import settings
from django.core.management.base import BaseCommand

from unlops.import_files import expire_stale
from unlops.kept_uploads import FOLDER as KEPT_UPLOADS


class Command(BaseCommand):
    help = (
        "Remove uploaded import files whose preview was neither confirmed nor cancelled "
        "(older than IMPORT_TMP_MAX_AGE_SECONDS). Each new import does this too; run it from cron "
        "where imports are rare."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--max-age",
            type=int,
            default=settings.IMPORT_TMP_MAX_AGE_SECONDS,
            help="age in seconds beyond which a file is removed",
        )

    def handle(self, *args, max_age, **options):
        removed = expire_stale(max_age=max_age)
        removed += expire_stale(max_age=max_age, folder=KEPT_UPLOADS)
        if options["verbosity"]:
            self.stdout.write(f"Removed {removed} import file(s) older than {max_age} s.")
