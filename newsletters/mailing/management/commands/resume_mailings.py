"""Queue again the mailings a stopped worker left unfinished; run it before starting workers."""

from django.core.management.base import BaseCommand

from newsletters.mailing.sending import resume_unfinished


class Command(BaseCommand):
    help = "Queue again every mailing not done (after a worker stopped or died mid-send)."

    def handle(self, *args, **options):
        resumed = resume_unfinished()
        for mailing in resumed:
            self.stdout.write(f"Resumed mailing {mailing.pk}: {mailing}")
        if not resumed:
            self.stdout.write("No unfinished mailing.")
